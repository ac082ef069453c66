/**
 * A real n8n run headless from its CLI, with the packed n8n-nodes-stablecog installed as a user's
 * n8n installs it. Importing this registers an exit hook that kills any n8n still running.
 */
export * from './execution';
export * from './examples';
export * from './fixture';
export * from './harness';
export * from './package';
export * from './process';
export * from './stablecog';
export * from './workflow';
