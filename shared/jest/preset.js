// Jest settings every package shares: TypeScript through ts-jest (transpile only, since
// `tsc -b` type-checks), Node environment, tests under test/.
'use strict';
const path = require('node:path');

module.exports = function preset(packageDir, overrides = {}) {
  return {
    displayName: path.basename(packageDir),
    rootDir: packageDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(packageDir, 'tsconfig.test.json') }] },
    moduleFileExtensions: ['ts', 'js', 'json'],
    // Scratch folders (.cache/: a deployed app brings its own node_modules and package.json) and builds.
    testPathIgnorePatterns: ['/node_modules/', '/\\.cache/', '/dist/'],
    ...overrides,
  };
};
