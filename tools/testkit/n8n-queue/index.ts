/**
 * n8n as production runs it: queue mode (main + workers on Redis and Postgres) or regular mode on
 * Postgres, started from nothing on loopback and stopped by process id. Importing this registers
 * an exit hook that kills anything it started.
 */
export * from './cluster';
export * from './daemon';
export * from './rest';
export * from './services';
