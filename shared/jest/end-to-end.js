'use strict';
/**
 * The end-to-end set: suites that run a real n8n or the Zapier CLI, or wait on the real clock.
 * `npm run test:fast` (STABLECOG_TESTS=fast, see jest.config.js) leaves them out; `npm test` runs
 * everything. Paths from the repository root; a folder ends with a slash. test/README.md maps them.
 */
module.exports = [
  'test/n8n/', // a real n8n per suite
  'test/agents/n8n-agent.test.ts', // a real n8n AI Agent (Stablecog Tool, MCP Client Tool)
  'test/n8n-queue/', // n8n in queue mode: Postgres, Redis, main and two workers
  'test/n8n-browser/', // n8n's editor in Chromium
  'test/zapier/cli.test.ts', // Zapier's CLI: validate, pnpm deploy, build
  'test/faults/n8n.test.ts',
  'test/bad-input/n8n-real.test.ts',
  'test/security/n8n.test.ts',
  'test/security/demo.test.ts', // the demo's n8n step
  'packages/zapier-stablecog/test/slow_generation.test.ts', // waits out a 40 s generation to find its images
  'packages/zapier-stablecog/test/slow_generation_real_budget.test.ts', // Zapier's real 25 s budget against a 40 s generation
  'packages/n8n-nodes-stablecog/test/timeout.test.ts', // the node's shortest Timeout option: 30 s
];
