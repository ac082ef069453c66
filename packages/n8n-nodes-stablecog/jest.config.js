module.exports = require('@stablecog/shared/jest/preset')(__dirname, {
  // The tests run the bundle in dist/, as n8n would: build it when a source is newer.
  globalSetup: '<rootDir>/test/build-if-stale.js',
});
