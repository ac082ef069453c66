// One jest run over every package and the end-to-end suites, closing with the plain line CI reads.
// The projects are listed, not globbed: a folder that merely looks like a package (a tool's deploy
// output, say) must never become a project. test/README.md maps every suite.
'use strict';
const path = require('node:path');

const PROJECTS = ['shared', 'packages/client', 'packages/emulator', 'packages/n8n-nodes-stablecog', 'packages/zapier-stablecog', 'test'];

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
  reporters: ['default', '<rootDir>/shared/jest/summary-reporter.js'],
};
