/**
 * Agents under test: a scripted OpenAI-compatible model (what n8n's AI Agent talks to) and the
 * `stablecog mcp` server started as a child process.
 */
export * from './model';
export * from './mcp';
export * from './n8n';
