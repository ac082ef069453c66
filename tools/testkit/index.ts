/**
 * @stablecog/testkit: the end-to-end tooling the suites, the demo and the benchmarks share.
 *
 *   @stablecog/testkit          tool installs (./tools) and shared test support (./support)
 *   @stablecog/testkit/n8n      the real-n8n kit (loads nothing until used, but registers an exit hook)
 *   @stablecog/testkit/zapier   the Zapier app under zapier-platform-core (loads the app and core)
 *
 * n8n and Zapier are entries of their own so that a suite pays only for what it imports.
 */
export * from './tools';
export * from './support';
