#!/usr/bin/env node
// Regenerates the editor screenshots in docs/screenshots/ (shown in the n8n package README): runs
// the browser suite (n8n 2.41.1 in headless Chromium against the emulator) with N8N_SCREENSHOTS set.
// Build first (npm run build); the first run installs n8n, Chromium, Postgres as the suite does.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const shots = path.join(root, 'docs', 'screenshots');
fs.mkdirSync(shots, { recursive: true });
const jest = path.join(root, 'node_modules', '.bin', 'jest');
const run = spawnSync(jest, ['--selectProjects', 'test', '--testPathPatterns', 'test/n8n-browser'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, N8N_SCREENSHOTS: shots },
});
process.exit(run.status ?? 1);
