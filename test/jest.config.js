module.exports = require('@stablecog/shared/jest/preset')(__dirname, { testMatch: ['<rootDir>/**/*.test.ts'] });
