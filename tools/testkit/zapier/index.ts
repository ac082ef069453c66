/**
 * The Zapier app (`require('zapier-stablecog')`, as Zapier loads it) run through
 * zapier-platform-core's app tester. Import it from a test file: each file then gets its own core.
 */
export * from './app';
