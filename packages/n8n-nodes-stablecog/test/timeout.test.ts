/**
 * Options → Timeout (Seconds) running out during a create. A file of its own: it waits 30 s, the
 * shortest Timeout the option allows (a shorter one would lose most creates), and so runs beside
 * the other files rather than after them.
 */
import { account, apiRequests, eventually, useEmulator } from './fixtures';
import { runNode } from './harness';

const emulator = useEmulator();

test('running out of Timeout (Seconds) is a lost create, never resent', async () => {
	const credentials = account(emulator());
	emulator().control.configure({ latencyMs: 32_000 });
	const result = await runNode({
		credentials,
		parameters: {
			resource: 'image',
			operation: 'generate',
			prompt: 'waits too long',
			options: { timeout: 30, seed: 5, downloadImages: false },
		},
	});
	expect(result.status).toBe('error');
	// The cause, in this node's terms (issue 11: it used to end in a bare "(timeout)").
	expect(result.error?.message).toMatch(/answer was lost: Timeout \(Seconds\) ran out after 30 s; raise it in Options$/);
	expect(result.error?.description).toMatch(/seed 5/);
	const creates = await eventually(() => apiRequests(emulator(), credentials));
	expect(creates).toHaveLength(1);
}, 60_000);
