/** Stablecog Trigger: which outputs each poll emits (n8n's PollContext, static data kept per node). */
import { Stablecog } from '@stablecog/client';
import { sleep } from 'n8n-workflow';
import { account, useEmulator } from './fixtures';
import { triggerPoller, type TestCredentials } from './harness';

const emulator = useEmulator();
jest.setTimeout(30_000);

const client = (credentials: TestCredentials) =>
	new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl });

const ids = (result: Awaited<ReturnType<ReturnType<typeof triggerPoller>['poll']>>) =>
	(result?.[0] ?? []).map((item) => item.json.id);

test('the first poll emits nothing; later polls emit each new output once, oldest first', async () => {
	const credentials = account(emulator());
	await client(credentials).images.generate({ prompt: 'made before activation', num_outputs: 2 });
	const trigger = triggerPoller(credentials);

	expect(await trigger.poll()).toBeNull();
	expect(trigger.staticData()).toMatchObject({ newest: expect.stringMatching(/T[\d:]+(\.\d{1,6})?Z$/) /* Go trims trailing zeros */ });

	const first = await client(credentials).images.generate({ prompt: 'first new one', num_outputs: 2 });
	const second = await client(credentials).images.generate({ prompt: 'second new one', num_outputs: 1 });
	const emitted = await trigger.poll();
	expect(ids(emitted)).toEqual([...first.outputs, ...second.outputs].map((o) => o.id));
	expect(emitted?.[0][0].json).toMatchObject({ prompt: 'first new one', image_url: first.outputs[0].url });
	expect(emitted?.[0][0].binary).toBeUndefined();

	expect(await trigger.poll()).toBeNull(); // nothing repeats
	const third = await client(credentials).images.generate({ prompt: 'third', num_outputs: 1 });
	expect(ids(await trigger.poll())).toEqual([third.outputs[0].id]);
	expect(await trigger.poll()).toBeNull();
	expect(JSON.stringify(trigger.workflow.staticData)).not.toContain(credentials.apiToken);
});

test('an account with no outputs yet: everything made after activation is new', async () => {
	const credentials = account(emulator());
	const trigger = triggerPoller(credentials);
	expect(await trigger.poll()).toBeNull();
	expect(trigger.staticData()).toMatchObject({ newest: null });
	const made = await client(credentials).images.generate({ prompt: 'the very first', num_outputs: 1 });
	expect(ids(await trigger.poll())).toEqual([made.outputs[0].id]);
});

test('a generation that finishes late still fires, though newer outputs were already emitted', async () => {
	const credentials = account(emulator(), { plan: 'pro' });
	const trigger = triggerPoller(credentials);
	expect(await trigger.poll()).toBeNull();

	emulator().control.configure({ latencyMs: 1500 });
	const slow = client(credentials).images.generate({ prompt: 'slow one', num_outputs: 1 });
	await sleep(200);
	emulator().control.configure({ latencyMs: 0 });
	const fast = await client(credentials).images.generate({ prompt: 'fast one', num_outputs: 1 });

	expect(ids(await trigger.poll())).toEqual([fast.outputs[0].id]); // the slow one is not listed yet
	const late = await slow;
	expect(ids(await trigger.poll())).toEqual([late.outputs[0].id]); // listed below the fast one
	expect(await trigger.poll()).toBeNull();
});

test('a manual test run shows the newest output and leaves the cursor alone', async () => {
	const credentials = account(emulator());
	const made = await client(credentials).images.generate({ prompt: 'newest', num_outputs: 1 });
	const trigger = triggerPoller(credentials);
	expect(await trigger.poll()).toBeNull();
	const state = JSON.stringify(trigger.staticData());

	expect(ids(await trigger.poll('manual'))).toEqual([made.outputs[0].id]);
	expect(JSON.stringify(trigger.staticData())).toBe(state);
	expect(await trigger.poll()).toBeNull();
});

test('Download Images puts each new image into the binary field', async () => {
	const credentials = account(emulator());
	const trigger = triggerPoller(credentials, {
		event: 'newOutput',
		simplify: false,
		options: { downloadImages: true, binaryPropertyName: 'picture' },
	});
	expect(await trigger.poll()).toBeNull();
	const made = await client(credentials).images.generate({ prompt: 'to download', num_outputs: 1 });
	const [[item]] = (await trigger.poll()) ?? [[]];
	expect(item.json).toMatchObject({ id: made.outputs[0].id, generation: { prompt: { text: 'to download' } } });
	expect(item.binary?.picture).toMatchObject({ mimeType: 'image/jpeg', fileName: `${made.outputs[0].id}.jpeg` });
	const cdn = emulator().control.requests({ origin: 'cdn' });
	expect(cdn.every((request) => request.headers.authorization === undefined)).toBe(true);
});
