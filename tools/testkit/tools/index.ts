/** The end-to-end tools (Node 24, n8n, the Zapier CLI), installed once per machine into a shared cache. */
import { ensureN8n } from './n8n';
import { ensureNode24 } from './node24';
import { ensureZapierCli } from './zapier-cli';

export { ensureInstalled, npm, toolsCacheDir } from './cache';
export { ensureN8n, N8N_VERSION, type N8n } from './n8n';
export { ensureNode24, NODE24_VERSION, type Node24 } from './node24';
export { repoRoot, scratchDir, scratchRoot } from './repo';
export { deployZapierApp, ensureZapierCli, ZAPIER_CLI_VERSION, type CliRun } from './zapier-cli';

/** Installs every end-to-end tool that is missing (minutes the first time; instant once cached). */
export function ensureTools(): void {
  ensureNode24();
  ensureN8n();
  ensureZapierCli();
}
