import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { ensureInstalled, npm } from './cache';
import { ensureNode24 } from './node24';
import { repoRoot } from './repo';

export const ZAPIER_CLI_VERSION = '19.1.0';

/** What a finished CLI run printed, and how long it took. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The Zapier CLI (`zapier-platform`), installed once into the tools cache and run on Node 24: the
 * CLI 19 refuses Node < 22, and installing it into the app's node_modules would drag its thousands
 * of files into the workspace (jest's watcher then runs out of file handles).
 */
export function ensureZapierCli(): { run(args: string[], cwd: string, timeoutMs?: number): Promise<CliRun> } {
  const node24 = ensureNode24();
  const entry = (dir: string): string => path.join(dir, 'node_modules', 'zapier-platform-cli', 'src', 'bin', 'run');
  const env = { ...process.env, PATH: `${node24.binDir}${path.delimiter}${process.env.PATH ?? ''}` };
  const dir = ensureInstalled(
    `zapier-platform-cli-${ZAPIER_CLI_VERSION}`,
    (d) => fs.existsSync(entry(d)),
    (d) => {
      fs.writeFileSync(path.join(d, 'package.json'), '{"private":true}\n');
      npm(d, ['install', '--no-audit', '--no-fund', `zapier-platform-cli@${ZAPIER_CLI_VERSION}`], env);
    },
  );
  return {
    run(args, cwd, timeoutMs = 600_000) {
      const started = Date.now();
      return new Promise((resolve) => {
        execFile(
          node24.node,
          [entry(dir), ...args],
          {
            cwd,
            timeout: timeoutMs,
            maxBuffer: 64 * 1024 * 1024,
            // No analytics or update checks calling home, no colours in captured output.
            env: { ...env, DISABLE_ZAPIER_ANALYTICS: '1', NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
          },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ code, stdout, stderr, ms: Date.now() - started });
          },
        );
      });
    },
  };
}

/**
 * A self-contained copy of the Zapier app as Zapier would receive it: `pnpm deploy` copies the
 * package's files (index.js, dist/, .zapierapprc) with its production dependencies hoisted into a
 * plain node_modules (the workspace's client included as files, not links). Build the app first.
 * `outDir` belongs inside the checkout's ignored `.cache/` (see `scratchDir`).
 */
export function deployZapierApp(outDir: string): void {
  fs.rmSync(outDir, { recursive: true, force: true });
  execFileSync(
    'npx',
    // No auto-installed peers: npm (what `zapier push` installs with) leaves an optional peer such as
    // the client's MCP SDK out, but pnpm's auto-install-peers would add it.
    ['-y', 'pnpm@10.34.9', '--filter', 'zapier-stablecog', 'deploy', '--prod', '--legacy', '--config.node-linker=hoisted', '--config.auto-install-peers=false', outDir],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  removeStrayBinLinks(outDir);
}

/**
 * pnpm 10's hoisted deploy also links the dependencies' bins into
 * `<package dir>/<outDir relative to the repo root>/node_modules/.bin`, next to the package rather
 * than in the copy (so where they land depends on where the checkout sits). Remove that folder and
 * the empty folders above it, up to the package.
 */
function removeStrayBinLinks(outDir: string): void {
  const packageDir = path.dirname(require.resolve('zapier-stablecog/package.json'));
  const relative = path.relative(repoRoot, path.resolve(outDir));
  let stray = path.resolve(packageDir, relative);
  if (relative.startsWith('..') || stray === path.resolve(outDir)) return;
  fs.rmSync(stray, { recursive: true, force: true });
  for (stray = path.dirname(stray); stray.startsWith(packageDir + path.sep); stray = path.dirname(stray)) {
    try {
      fs.rmdirSync(stray); // only when empty: a parallel run may be deploying beside it
    } catch {
      break;
    }
  }
}
