/** What a new user hit in n8n (issue 11): errors that keep their cause, name this node's parameters, and say what to do. */
// Tests may open a socket (the package itself may not): a closed port stands for an unreachable host.
/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
/* eslint-enable @n8n/community-nodes/no-restricted-imports */
import { CONTENT_MARKERS } from '@stablecog/emulator';
import { Stablecog } from '@stablecog/client';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { account, apiRequests, binaryItem, PNG_1X1, useEmulator } from './fixtures';
import { runNode } from './harness';

const emulator = useEmulator();
jest.setTimeout(30_000);

const details = (item: INodeExecutionData) => item.json.details as IDataObject;
const generate = (prompt: string, options: INodeParameters = {}, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'image',
	operation: 'generate',
	prompt,
	options: { downloadImages: false, ...options },
	...extra,
});
const upscale = (source: string, extra: INodeParameters): INodeParameters => ({
	resource: 'image',
	operation: 'upscale',
	source,
	...extra,
	options: { downloadImages: false },
});

/** A port on this machine where nothing listens. */
async function closedPort(): Promise<number> {
	return await new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

describe('a lost answer keeps its cause', () => {
	test('a proxy status: "a proxy answered 502", not a bare "(status)"', async () => {
		const credentials = account(emulator());
		emulator().control.injectFaults({ route: 'generate', kind: '502', times: 1 });
		const result = await runNode({ credentials, parameters: generate('behind a proxy', { seed: 5 }) });
		expect(result.error?.message).toMatch(/its answer was lost: a proxy answered 502/);
		expect(result.error?.message).not.toMatch(/\((status|timeout)\)$/);
	});
	// The node's own Timeout (Seconds) running out: test/timeout.test.ts (it waits 30 s).
});

describe('a server TIMEOUT (refunded)', () => {
	test('names the seed that was sent and how long it really waited, in the error and the error item', async () => {
		const credentials = account(emulator());
		emulator().control.configure({ latencyMs: 300 });
		emulator().control.injectFaults({ route: 'generate', kind: 'timeout', times: 1 });
		const result = await runNode({ credentials, onError: 'continueErrorOutput', parameters: generate('slow', { seed: 4321 }) });
		const [, errors] = result.outputs;
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toMatch(/gave up after \d+\.\d s .*refunded the credits.*\(seed 4321\)/);
		expect(errors[0].json.error).not.toMatch(/240 s/);
		expect(details(errors[0])).toMatchObject({ code: 'server_timeout', seed: 4321, prompt: 'slow', waited_seconds: expect.any(Number) });
		expect(details(errors[0]).description).toMatch(/set Options → Seed to 4321 to get the same image/);
		expect(emulator().control.credits(credentials.apiToken)).toBe(100);
	});
});

describe('server refusals named by this node’s parameters', () => {
	test('a banned account (403 user_banned) is told so, not to use an image of this account', async () => {
		const credentials = account(emulator());
		emulator().control.setBanned(credentials.apiToken, true);
		const result = await runNode({ credentials, parameters: generate('banned') });
		expect(result.status).toBe('error');
		expect(result.error?.description).toMatch(/banned; contact Stablecog support/);
		expect(result.error?.description).not.toMatch(/Use an image of this account/);
	});

	test('upscale: an s3:// object that does not exist, an unreachable or too large image, an output of no one: named by the node’s label', async () => {
		const credentials = account(emulator());
		const client = new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl });
		const { object } = await client.images.upload({ data: PNG_1X1 });
		const missing = object.replace(/\/[0-9a-f-]{36}\./, '/00000000-0000-4000-8000-000000000000.');
		const gone = await runNode({ credentials, parameters: upscale('url', { imageUrl: missing }) });
		expect(gone.error?.message).toMatch(/^Output \/ Image URL: no image uploaded to this account has that s3:\/\/ name/);
		expect(gone.error?.message).not.toContain('init_image_url:');

		const far = await runNode({ credentials, parameters: upscale('url', { imageUrl: `http://127.0.0.1:${await closedPort()}/x.png` }) });
		expect(far.error?.message).toMatch(/^Output \/ Image URL: the image is larger than 1,048,576 pixels \(1024 × 1024\) or unreachable/);

		const nobody = await runNode({
			credentials,
			parameters: upscale('output', { outputId: { __rl: true, mode: 'id', value: '8f0d2c4e-3a1b-4c5d-9e6f-7a8b9c0d1e2f' } }),
		});
		expect(nobody.error?.message).toMatch(/^Output \/ Image URL: that output is not in this account/);
		expect(emulator().control.credits(credentials.apiToken)).toBe(100);
	});
});

describe('the credential as people fill it', () => {
	test('a token pasted with spaces and "Bearer ", and a Base URL ending in /v1/, work', async () => {
		const credentials = account(emulator());
		const pasted = { apiToken: ` Bearer ${credentials.apiToken}\n`, baseUrl: `${credentials.baseUrl}/v1/` };
		const result = await runNode({ credentials: pasted, parameters: { resource: 'account', operation: 'getCredits' } });
		expect(result.status).toBe('success');
		expect(result.outputs[0][0].json.total_remaining_credits).toBe(100);
		expect(apiRequests(emulator(), credentials).map((r) => r.path)).toEqual(['/v1/credits']);
	});
});

describe('the content filter', () => {
	test('each item says how many images were asked, made and charged when the filter drops some', async () => {
		const credentials = account(emulator());
		const result = await runNode({ credentials, parameters: generate(`a beach ${CONTENT_MARKERS.filterOne}`, { numOutputs: 3 }) });
		const [main] = result.outputs;
		expect(main).toHaveLength(2);
		for (const item of main) {
			expect(item.json).toMatchObject({ images_asked: 3, images_made: 2, credits_charged: 3 });
			expect(item.json.message).toMatch(/content filter dropped 1 of 3 images; Stablecog charges for dropped images too \(3 credits\)/);
		}
		const all = await runNode({ credentials, parameters: generate(`a beach ${CONTENT_MARKERS.filterAll}`, { numOutputs: 2 }) });
		expect(all.error?.message).toMatch(/dropped all 2 images/);
		expect(all.error?.description).toMatch(/2 credits were charged/);
	});
});

describe('inpainting', () => {
	test('a mask from a binary field is uploaded first and sent as mask_image_url; a mask URL is passed on', async () => {
		const credentials = account(emulator());
		const client = new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl });
		const { outputs } = await client.images.generate({ prompt: 'base', num_outputs: 1, width: 256, height: 256 });
		const result = await runNode({
			credentials,
			input: [binaryItem(PNG_1X1, 'mask')],
			parameters: generate('a red door', { initImageUrl: outputs[0].url, maskImageBinaryField: 'mask' }),
		});
		expect(result.status).toBe('success');
		expect(result.outputs[0][0].json.mask_image_url).toMatch(/^s3:\/\//);
		const paths = apiRequests(emulator(), credentials).map((r) => r.path);
		expect(paths.slice(-2)).toEqual(['/v1/image/upload', '/v1/image/generation/create']);

		const byUrl = await runNode({ credentials, parameters: generate('a blue door', { initImageUrl: outputs[0].url, maskImageUrl: outputs[0].url }) });
		expect(byUrl.outputs[0][0].json.mask_image_url).toBe(outputs[0].url);
	});
});
