/**
 * Installs the end-to-end suites' tools (Node 24, n8n, the Zapier CLI) before jest starts, so a
 * cold machine spends its minutes of installing here, in plain sight, and not inside a test hook
 * whose timeout would fire. On a machine that has them this takes well under a second.
 *
 *   tsx tools/testkit/tools/prepare.ts     (what `npm test` runs first)
 */
import { ensureTools } from './index';

const started = Date.now();
ensureTools();
console.log(`End-to-end tools ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
