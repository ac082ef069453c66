// One jest run over every package and the end-to-end suites, closing with the plain line CI reads.
// The projects are listed, not globbed: a folder that merely looks like a package (a tool's deploy
// output, say) must never become a project. test/README.md maps every suite.
module.exports = {
  projects: [
    '<rootDir>/shared',
    '<rootDir>/packages/client',
    '<rootDir>/packages/emulator',
    '<rootDir>/packages/n8n-nodes-stablecog',
    '<rootDir>/packages/zapier-stablecog',
    '<rootDir>/test',
  ],
  reporters: ['default', '<rootDir>/shared/jest/summary-reporter.js'],
};
