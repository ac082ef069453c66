#!/usr/bin/env node
// The one entry point behind `npm run demo|test|test:fast|bench|lint`: it works on a fresh machine with only
// Node 20 and npm, so it installs the workspace with a pinned pnpm before doing anything else.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const PNPM = ['-y', 'pnpm@10.34.9'];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}
const pnpm = (...args) => run('npx', [...PNPM, ...args]);
const must = (status, what) => { if (status !== 0) { console.error(`${what} failed (exit ${status})`); process.exit(status); } };

function installIfNeeded() {
  const marker = path.join(root, 'node_modules', '.modules.yaml');
  const lock = path.join(root, 'pnpm-lock.yaml');
  const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (!fresh) must(pnpm('install', '--frozen-lockfile'), 'pnpm install');
}

const [task, ...rest] = process.argv.slice(2);
installIfNeeded();
must(pnpm('-r', '--workspace-concurrency=1', 'run', 'build'), 'build');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
switch (task) {
  case 'build': break;
  case 'test':
    must(run(bin('tsx'), ['tools/testkit/tools/prepare.ts']), 'installing the end-to-end tools');
    process.exit(run(bin('jest'), rest));
  case 'test:fast': // everything in-process: no real n8n, no Zapier CLI, no real-clock waits (jest.config.js)
    process.exit(run(bin('jest'), rest, { env: { ...process.env, STABLECOG_TESTS: 'fast' } }));
  case 'demo': process.exit(run(bin('tsx'), ['scripts/demo.ts', ...rest]));
  case 'bench': process.exit(run(bin('tsx'), ['bench/run.ts', ...rest]));
  case 'lint': process.exit(pnpm('-r', 'run', 'lint'));
  default: console.error('usage: node scripts/run.js demo|test|test:fast|bench|lint|build'); process.exit(2);
}
