// One jest run over every package and the end-to-end suites, closing with the plain line CI reads.
module.exports = {
  projects: ['<rootDir>/shared', '<rootDir>/packages/*', '<rootDir>/test'],
  reporters: ['default', '<rootDir>/shared/jest/summary-reporter.js'],
};
