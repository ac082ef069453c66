import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { ensureInstalled, npm } from './cache';
import { ensureNode24 } from './node24';

export const N8N_VERSION = '2.41.1';

/** A real n8n, ready to run on Node 24. */
export interface N8n {
  /** n8n's CLI script: run it as `node bin …` (its shebang would pick the system Node 20). */
  bin: string;
  /** The Node 24 binary to run it with. */
  node: string;
  /**
   * The environment for every n8n process: Node 24 first on PATH, no telemetry, no version checks,
   * no banners. Callers add `N8N_USER_FOLDER`, `N8N_RUNNERS_BROKER_PORT` and the like.
   */
  env: NodeJS.ProcessEnv;
  version: string;
}

/**
 * n8n from the npm registry, installed once into the tools cache (minutes the first time, with
 * npm's progress shown; instant afterwards, also from a fresh clone).
 */
export function ensureN8n(): N8n {
  const node24 = ensureNode24();
  const pathEnv = `${node24.binDir}${path.delimiter}${process.env.PATH ?? ''}`;
  const marker = (dir: string) => path.join(dir, '.installed');
  const dir = ensureInstalled(
    `n8n-${N8N_VERSION}`,
    (d) => fs.existsSync(marker(d)),
    (d) => install(d, { ...process.env, PATH: pathEnv, npm_config_nodedir: node24.nodedir }),
  );
  return {
    bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
    node: node24.node,
    version: N8N_VERSION,
    env: { ...quietEnv(), PATH: pathEnv },
  };
}

function install(dir: string, env: NodeJS.ProcessEnv): void {
  const started = Date.now();
  log(`installing n8n ${N8N_VERSION} on Node 24 into ${dir} (one-off; takes several minutes)…`);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        private: true,
        // n8n-nodes-base pins xlsx to a tarball on cdn.sheetjs.com, which is not the npm registry.
        overrides: { xlsx: 'npm:@e965/xlsx@0.20.3' },
      },
      null,
      2,
    ),
  );
  const stopHeartbeat = heartbeat(dir);
  try {
    // Install scripts off: @confluentinc/kafka-javascript's would download and build librdkafka
    // from GitHub. The one native module n8n needs without a prebuild is sqlite3, compiled next.
    // Warnings off: npm prints hundreds of peer-dependency notes that bury the progress lines.
    const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
    npm(dir, ['install', ...quiet, '--ignore-scripts', `n8n@${N8N_VERSION}`], env);
    log(`npm install done after ${seconds(started)}; compiling sqlite3 for Node 24…`);
    npm(dir, ['rebuild', ...quiet, 'sqlite3'], env);
  } finally {
    stopHeartbeat();
  }
  fs.writeFileSync(path.join(dir, '.installed'), `${N8N_VERSION}\n`);
  log(`n8n ${N8N_VERSION} installed in ${seconds(started)}`);
}

/** Settings that keep n8n offline and quiet: no telemetry, no version checks, no templates. */
function quietEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Not NODE_ENV either: jest sets it to `test`, which silences n8n's logger (and so its result).
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('N8N_') && k !== 'NODE_ENV') env[k] = v;
  return {
    ...env,
    NO_COLOR: '1',
    DB_TYPE: 'sqlite',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_DYNAMIC_BANNERS_ENABLED: 'false',
    N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
    N8N_PYTHON_ENABLED: 'false',
    // The result JSON of `n8n execute` is printed through the info logger: quieter prints nothing.
    N8N_LOG_LEVEL: 'info',
  };
}

/**
 * npm is silent for minutes when not on a terminal, so a child process prints the elapsed time and
 * the packages unpacked so far every 20 s (the install itself blocks this process). It exits when
 * its stdin closes, so it cannot outlive us.
 */
function heartbeat(dir: string): () => void {
  const script = `
    const fs = require('node:fs');
    const started = Date.now();
    process.stdin.on('end', () => process.exit(0)).resume();
    setInterval(() => {
      let n = 0;
      try { n = fs.readdirSync(${JSON.stringify(path.join(dir, 'node_modules'))}).length; } catch {}
      process.stderr.write('[n8n tool] still installing: ' + Math.round((Date.now() - started) / 1000) +
        ' s, ' + n + ' top-level packages so far\\n');
    }, 20000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'ignore', 'inherit'] });
  return () => {
    child.stdin.end();
    child.kill();
  };
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

function log(line: string): void {
  process.stderr.write(`[n8n tool] ${line}\n`);
}
