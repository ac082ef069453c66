// One jest run over every package and the end-to-end suites, closing with the plain line CI reads.
// The projects are listed, not globbed: a folder that merely looks like a package (a tool's deploy
// output, say) must never become a project. test/README.md maps every suite.
'use strict';
const path = require('node:path');

const PROJECTS = ['shared', 'packages/activepieces-stablecog', 'packages/client', 'packages/emulator', 'packages/n8n-nodes-stablecog', 'packages/zapier-stablecog', 'test'];

/**
 * The end-to-end set: suites that run a real n8n or the Zapier CLI, or wait on the real clock.
 * `npm run test:fast` (STABLECOG_TESTS=fast) leaves them out; `npm test` runs everything.
 */
const END_TO_END = [
  'test/n8n/', // a real n8n per suite
  'test/zapier/cli.test.ts', // Zapier's CLI: validate, pnpm deploy, build
  'test/faults/n8n.test.ts',
  'test/bad-input/n8n-real.test.ts',
  'test/security/n8n.test.ts',
  'test/security/demo.test.ts', // the demo's n8n step
  'packages/zapier-stablecog/test/slow_generation_real_budget.test.ts', // Zapier's real 25 s budget against a 40 s generation
  'packages/n8n-nodes-stablecog/test/timeout.test.ts', // the node's shortest Timeout option: 30 s
];

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
  reporters: ['default', '<rootDir>/shared/jest/summary-reporter.js'],
};
