/** Output → Get Many, Model → Get Many and Account → Get Credits. */
import { Stablecog } from '@stablecog/client';
import type { INodeParameters } from 'n8n-workflow';
import { account, apiRequests, useEmulator } from './fixtures';
import { runNode, type TestCredentials } from './harness';

const emulator = useEmulator();
jest.setTimeout(60_000);

const getMany = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'output',
	operation: 'getMany',
	...extra,
});

async function makeOutputs(credentials: TestCredentials, generations: number, prompt = 'a test image') {
	const client = new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl });
	for (let i = 0; i < generations; i++) await client.images.generate({ prompt: `${prompt} ${i}`, num_outputs: 4 });
}

test('Return All walks every page, passing each cursor back exactly as received', async () => {
	const credentials = account(emulator(), { credits: 1000 });
	await makeOutputs(credentials, 80); // 320 outputs: two pages of 300
	const before = apiRequests(emulator(), credentials).length;
	const result = await runNode({ credentials, parameters: getMany({ returnAll: true }) });

	expect(result.status).toBe('success');
	const ids = result.outputs[0].map((item) => item.json.id);
	expect(ids).toHaveLength(320);
	expect(new Set(ids).size).toBe(320);

	const pages = apiRequests(emulator(), credentials).slice(before);
	expect(pages.map((r) => r.query.per_page)).toEqual(['300', '300']);
	expect(pages[0].query.cursor).toBeUndefined();
	// The cursor sent is the `next` of the first page: microseconds and all.
	const client = new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl });
	const first = await client.outputs.list({ per_page: 300 });
	expect(pages[1].query.cursor).toBe(first.next);
	// Go's RFC3339Nano: microseconds, trailing zeros dropped (…T08:04:44.01755Z).
	expect(String(first.next)).toMatch(/T\d\d:\d\d:\d\d(\.\d{1,6})?Z$/);
});

test('Limit stops after that many outputs, newest first, simplified by default', async () => {
	const credentials = account(emulator());
	await makeOutputs(credentials, 2, 'limit check');
	const result = await runNode({ credentials, parameters: getMany({ limit: 5 }) });
	const items = result.outputs[0];
	expect(items).toHaveLength(5);
	expect(items[0].json.prompt).toBe('limit check 1');
	expect(Object.keys(items[0].json).sort()).toEqual(
		[
			'created_at',
			'gallery_status',
			'generation_id',
			'guidance_scale',
			'height',
			'id',
			'image_url',
			'inference_steps',
			'is_favorited',
			'is_public',
			'model_id',
			'negative_prompt',
			'prompt',
			'scheduler_id',
			'seed',
			'upscaled_image_url',
			'width',
		].sort(),
	);
	expect(apiRequests(emulator(), credentials).pop()?.query).toEqual({ per_page: '5' });
});

test('Simplify off returns the API’s own output objects', async () => {
	const credentials = account(emulator());
	await makeOutputs(credentials, 1);
	const result = await runNode({ credentials, parameters: getMany({ limit: 1, simplify: false }) });
	expect(result.outputs[0][0].json).toMatchObject({ generation: { prompt: { text: 'a test image 0' } } });
});

test('filters reach the API as its query parameters', async () => {
	const credentials = account(emulator());
	await makeOutputs(credentials, 1);
	const client = new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl });
	const [model] = await client.models.generation();
	await runNode({
		credentials,
		parameters: getMany({
			limit: 10,
			filters: {
				models: [model.id],
				galleryStatus: ['not_submitted', 'approved'],
				aspectRatio: ['1-1', '2_4-1'],
				isFavorited: false,
			},
			options: { order: 'asc' },
		}),
	});
	expect(apiRequests(emulator(), credentials).pop()?.query).toEqual({
		per_page: '10',
		model_ids: model.id,
		gallery_status: 'not_submitted,approved',
		aspect_ratio: '1-1,2_4-1',
		is_favorited: 'false',
		order: 'asc',
	});
});

test('text search finds outputs by their prompt', async () => {
	const credentials = account(emulator());
	await makeOutputs(credentials, 1, 'an orange submarine');
	await makeOutputs(credentials, 1, 'a green bicycle');
	const result = await runNode({ credentials, parameters: getMany({ limit: 50, filters: { search: 'submarine' } }) });
	const prompts = new Set(result.outputs[0].map((item) => item.json.prompt));
	expect([...prompts]).toEqual(['an orange submarine 0']);
	expect(apiRequests(emulator(), credentials).pop()?.query.search).toBe('submarine');
});

test('a limit above 300 is fetched in pages of 300', async () => {
	const credentials = account(emulator(), { credits: 1000 });
	await makeOutputs(credentials, 80);
	const before = apiRequests(emulator(), credentials).length;
	const result = await runNode({ credentials, parameters: getMany({ limit: 310 }) });
	expect(result.outputs[0]).toHaveLength(310);
	expect(apiRequests(emulator(), credentials).slice(before).map((r) => r.query.per_page)).toEqual(['300', '300']);
});

test('Model → Get Many lists generation and upscale models', async () => {
	const credentials = account(emulator());
	const generation = await runNode({ credentials, parameters: { resource: 'model', operation: 'getMany' } });
	expect(generation.outputs[0].length).toBeGreaterThan(1);
	expect(generation.outputs[0][0].json).toMatchObject({ type: 'generation', available_schedulers: expect.any(Array) });
	const upscale = await runNode({
		credentials,
		parameters: { resource: 'model', operation: 'getMany', modelType: 'upscale' },
	});
	expect(upscale.outputs[0][0].json).toMatchObject({ type: 'upscale', name: expect.any(String) });
});

test('Account → Get Credits returns the balance', async () => {
	const credentials = account(emulator(), { credits: 37 });
	const result = await runNode({ credentials, parameters: { resource: 'account', operation: 'getCredits' } });
	expect(result.outputs[0]).toHaveLength(1);
	expect(result.outputs[0][0].json.total_remaining_credits).toBe(37);
	expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
});

test('a broken connection on a read is retried, and a lasting one is reported', async () => {
	const credentials = account(emulator());
	emulator().control.injectFaults({ route: 'credits', kind: 'drop-before', times: 1 });
	const retried = await runNode({ credentials, parameters: { resource: 'account', operation: 'getCredits' } });
	expect(retried.status).toBe('success');

	const unreachable = { ...credentials, baseUrl: 'http://127.0.0.1:1' };
	const failed = await runNode({ credentials: unreachable, parameters: { resource: 'account', operation: 'getCredits' } });
	expect(failed.status).toBe('error');
	expect(failed.error?.message).toMatch(/could not connect to http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
	expect(failed.error?.description).toMatch(/Base URL of the Stablecog API credential/);
	expect(JSON.stringify(failed.run)).not.toContain(credentials.apiToken);
});
