// One jest run over every package and the end-to-end suites, closing with the plain line CI reads.
// The projects are listed, not globbed: a folder that merely looks like a package (a tool's deploy
// output, say) must never become a project. test/README.md maps every suite.
'use strict';
const path = require('node:path');

const PROJECTS = ['shared', 'packages/activepieces-stablecog', 'packages/client', 'packages/emulator', 'packages/n8n-nodes-stablecog', 'packages/zapier-stablecog', 'test'];

// The end-to-end set: `npm run test:fast` (STABLECOG_TESTS=fast) leaves it out.
const END_TO_END = require('./shared/jest/end-to-end');

const fast = process.env.STABLECOG_TESTS === 'fast';
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function project(dir) {
  const config = require(path.join(__dirname, dir, 'jest.config.js'));
  if (!fast) return config;
  const skipped = END_TO_END.map((suite) => `^${escape(path.join(__dirname, suite))}`);
  return { ...config, testPathIgnorePatterns: [...(config.testPathIgnorePatterns ?? []), ...skipped] };
}

module.exports = {
  projects: PROJECTS.map(project),
  // jest's default on 2 cores is one process (in band); the in-process suites spend much of their
  // time waiting on sockets and child processes, so two workers overlap those waits. The
  // end-to-end set keeps the default: two real n8n at once would not fit this machine.
  ...(fast ? { maxWorkers: 2 } : {}),
  // Tests wait for a state, never for a time: this is only the net under a hung test, wide enough
  // for a machine whose 2 cores are shared eight ways (jest's 5 s failed healthy emulator tests there).
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/shared/jest/summary-reporter.js'],
};
