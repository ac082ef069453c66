/** Image → Generate in n8n's engine against the emulator. */
import { Stablecog } from '@stablecog/client';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { account, apiRequests, binaryItem, eventually, PNG_1X1, useEmulator } from './fixtures';
import { runAsTool, runNode } from './harness';

const emulator = useEmulator();
jest.setTimeout(30_000);

const details = (item: INodeExecutionData) => item.json.details as IDataObject;

const generate = (prompt: string, options: INodeParameters = {}, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'image',
	operation: 'generate',
	prompt,
	options,
	...extra,
});

describe('request and output', () => {
	test('sends one authenticated create and returns one item per image, with its settings', async () => {
		const credentials = account(emulator(), { credits: 10 });
		const result = await runNode({
			credentials,
			parameters: generate('a red fox in snow', {
				numOutputs: 2,
				aspectRatio: '16:9',
				seed: 1234,
				negativePrompt: 'blurry',
				guidanceScale: 9,
				downloadImages: false,
			}),
		});

		expect(result.status).toBe('success');
		const [main] = result.outputs;
		expect(main).toHaveLength(2);
		for (const item of main) {
			expect(item.json).toMatchObject({
				prompt: 'a red fox in snow',
				negative_prompt: 'blurry',
				seed: 1234,
				width: 1280, // Stablecog's own 16:9 size (aspectratio.go), which Output → Get Many's filter finds
				height: 720,
				guidance_scale: 9,
				num_outputs: 2,
				remaining_credits: 8,
			});
			expect(item.json.id).toMatch(/^[0-9a-f-]{36}$/);
			expect(String(item.json.image_url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]{36}\.jpeg$/);
			expect(item.binary).toBeUndefined();
			expect(item.pairedItem).toEqual({ item: 0 });
		}

		const requests = apiRequests(emulator(), credentials);
		// The model list gives the default model's size tier for the aspect ratio.
		expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'GET /v1/image/generation/models 200',
			'POST /v1/image/generation/create 200',
		]);
		expect(requests[1].headers['content-type']).toBe('application/json');
		expect(emulator().control.credits(credentials.apiToken)).toBe(8);
		expect(emulator().control.requests({ origin: 'cdn' })).toHaveLength(0);
	});

	test('downloads each image into the named binary field, without sending the token to the image host', async () => {
		const credentials = account(emulator());
		const cdnBefore = emulator().control.requests({ origin: 'cdn' }).length;
		const result = await runNode({
			credentials,
			parameters: generate('a lighthouse', { numOutputs: 2, binaryPropertyName: 'image' }),
		});

		const [main] = result.outputs;
		expect(main).toHaveLength(2);
		for (const item of main) {
			const binary = item.binary?.image;
			expect(binary).toMatchObject({ mimeType: 'image/jpeg', fileName: `${item.json.id}.jpeg` });
			const bytes = Buffer.from(String(binary?.data), 'base64');
			expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // a JPEG
		}
		const cdn = emulator().control.requests({ origin: 'cdn' }).slice(cdnBefore);
		expect(cdn).toHaveLength(2);
		for (const request of cdn) expect(request.headers.authorization).toBeUndefined();
		expect(JSON.stringify(result.run)).not.toContain(credentials.apiToken);
	});

	test('a failed download keeps the item (the image exists and was paid for) and says why', async () => {
		const credentials = account(emulator());
		emulator().control.injectFaults({ route: 'cdn', kind: '500' });
		const result = await runNode({ credentials, parameters: generate('download fails') });
		expect(result.status).toBe('success');
		const [item] = result.outputs[0];
		expect(item.binary).toBeUndefined();
		expect(item.json.image_url).toBeTruthy();
		expect(String(item.json.download_error)).toMatch(/^Downloading http:\/\/127\.0\.0\.1:\d+\/.+\.jpeg failed: the image host answered 500$/);
	});

	test('asks for one image by default (the API itself would make two) and always sends a seed', async () => {
		const credentials = account(emulator(), { credits: 10 });
		const result = await runNode({ credentials, parameters: generate('a cat', { downloadImages: false }) });
		const [item] = result.outputs[0];
		expect(result.outputs[0]).toHaveLength(1);
		expect(Number.isInteger(item.json.seed)).toBe(true);
		expect(emulator().control.credits(credentials.apiToken)).toBe(9);

		// The seed that was sent is the one the outputs list knows: a lost result can be found by it.
		const client = new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl });
		const page = await client.outputs.list();
		expect(page.outputs[0].generation.seed).toBe(item.json.seed);
	});

	test('keeps the order and pairing of many items', async () => {
		const credentials = account(emulator());
		const result = await runNode({
			credentials,
			input: [{ json: { p: 'one' } }, { json: { p: 'two' } }, { json: { p: 'three' } }],
			parameters: generate('={{ $json.p }}', { numOutputs: '={{ $itemIndex === 1 ? 2 : 1 }}', downloadImages: false }),
		});
		const [main] = result.outputs;
		expect(main.map((i) => [i.json.prompt, i.pairedItem])).toEqual([
			['one', { item: 0 }],
			['two', { item: 1 }],
			['two', { item: 1 }],
			['three', { item: 2 }],
		]);
	});

	test('uploads an init image from a binary field, then generates from the s3:// object', async () => {
		const credentials = account(emulator());
		const result = await runNode({
			credentials,
			input: [binaryItem(PNG_1X1, 'photo')],
			parameters: generate('a watercolor version', {
				initImageBinaryField: 'photo',
				promptStrength: 0.4,
				downloadImages: false,
			}),
		});
		expect(result.status).toBe('success');
		const requests = apiRequests(emulator(), credentials);
		expect(requests.map((r) => r.path)).toEqual(['/v1/image/upload', '/v1/image/generation/create']);
		expect(requests[0].headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(String(result.outputs[0][0].json.init_image_url)).toMatch(/^s3:\/\//);
		expect(result.outputs[0][0].json.prompt_strength).toBe(0.4);
	});
});

test('as an AI agent tool: the JSON carries the URLs and nothing is downloaded (agents drop binary data)', async () => {
	const credentials = account(emulator());
	const cdnBefore = emulator().control.requests({ origin: 'cdn' }).length;
	const [items] = await runAsTool(credentials, generate('a tool-made fox', { numOutputs: 2 }));
	expect(items).toHaveLength(2);
	for (const item of items) {
		expect(item.binary).toBeUndefined();
		expect(item.json).toMatchObject({ prompt: 'a tool-made fox', image_url: expect.stringMatching(/\.jpeg$/) });
	}
	expect(emulator().control.requests({ origin: 'cdn' }).length).toBe(cdnBefore);
});

describe('bad input costs nothing', () => {
	test.each([
		['an empty prompt', generate('   '), /^Prompt: must not be empty/],
		['a width out of range', generate('x', { width: 5000 }), /^Options → Width: must be at most 1536 \(got 5000\)/],
		['too many images', generate('x', { numOutputs: 9 }), /^Options → Number of Images: must be at most 4/],
		['an area too large for 30 steps', generate('x', { width: 1536, height: 1536 }), /width × height × inference_steps/],
		['a model id that is not an id', generate('x', {}, { model: { __rl: true, mode: 'id', value: '={{ "flux" }}' } }), /^Model: must be an id/],
		['an init image URL that is not http(s)', generate('x', { initImageUrl: 'ftp://example.com/a.png' }), /^Options → Init Image URL/],
		['both init image options', generate('x', { initImageUrl: 'https://example.com/a.png', initImageBinaryField: 'data' }), /both set/],
		['a missing binary field', generate('x', { initImageBinaryField: 'photo' }), /no binary field "photo"/],
	])('%s: stops before any request, naming the field', async (_name, parameters, message) => {
		const credentials = account(emulator());
		const result = await runNode({ credentials, parameters });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/\[item 0\]$/);
		expect(apiRequests(emulator(), credentials)).toHaveLength(0);
		expect(emulator().control.credits(credentials.apiToken)).toBe(100);
	});

	test('n8n itself refuses a typed model ID of the wrong form, before the node runs', async () => {
		const credentials = account(emulator());
		const parameters = generate('x', {}, { model: { __rl: true, mode: 'id', value: 'flux' } });
		await expect(runNode({ credentials, parameters })).rejects.toThrow(/A model ID looks like/);
		expect(apiRequests(emulator(), credentials)).toHaveLength(0);
	});

	test('a bad item anywhere stops the whole batch before the first request', async () => {
		const credentials = account(emulator());
		const result = await runNode({
			credentials,
			input: [{ json: { w: 512 } }, { json: { w: 512 } }, { json: { w: 99 } }],
			parameters: generate('fine', { width: '={{ $json.w }}', downloadImages: false }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Options → Width: must be at least 256 \(got 99\)/);
		expect(result.error?.description).toMatch(/\[item 2\]$/);
		expect(apiRequests(emulator(), credentials)).toHaveLength(0);
	});
});

describe('errors', () => {
	test('continue using error output: bad and refused items go to the error output, in order', async () => {
		const credentials = account(emulator());
		const result = await runNode({
			credentials,
			onError: 'continueErrorOutput',
			input: [{ json: { p: 'good one' } }, { json: { p: '' } }, { json: { p: 'emu_nsfw please' } }, { json: { p: 'good two' } }],
			parameters: generate('={{ $json.p }}', { downloadImages: false }),
		});
		expect(result.status).toBe('success');
		const [main, errors] = result.outputs;
		expect(main.map((i) => [i.json.prompt, i.pairedItem])).toEqual([
			['good one', { item: 0 }],
			['good two', { item: 3 }],
		]);
		expect(errors.map((i) => [details(i).code, i.pairedItem])).toEqual([
			['validation', { item: 1 }],
			['content_policy', { item: 2 }],
		]);
		expect(errors[0].json.error).toMatch(/^Prompt: must not be empty/);
		expect(details(errors[1])).toMatchObject({ status: 400 });
		expect(String(details(errors[1]).description)).toMatch(/Rephrase the prompt.*\[item 2\]$/);
		// The empty prompt was never sent; the refused one was (and cost nothing).
		expect(apiRequests(emulator(), credentials)).toHaveLength(3);
		expect(emulator().control.credits(credentials.apiToken)).toBe(98);
	});

	test.each([
		['a rejected token', { token: 'sc-nope' }, /API token was rejected/, /Open the Stablecog API credential/],
		['no credits', { credits: 0 }, /insufficient|credits/i, /Buy credits/],
	])('%s: says what happened and how to fix it', async (_name, setup, message, description) => {
		const credentials = account(emulator(), 'credits' in setup ? { credits: setup.credits } : {});
		if ('token' in setup) credentials.apiToken = setup.token as string;
		const result = await runNode({ credentials, parameters: generate('a fox', { downloadImages: false }) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(description);
		expect(result.error?.description).toMatch(/\[item 0\]$/);
		expect(JSON.stringify(result.run)).not.toContain(credentials.apiToken);
	});

	test('a create lost in transit is never retried and tells how to find its images by seed', async () => {
		const credentials = account(emulator());
		emulator().control.injectFaults({ route: 'generate', kind: 'drop', times: 1 });
		const result = await runNode({
			credentials,
			parameters: generate('a lost lighthouse', { seed: 4242, downloadImages: false }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/may have made and charged this generation, but its answer was lost/);
		expect(result.error?.description).toMatch(/Output → Get Many/);
		expect(result.error?.description).toMatch(/seed 4242/);
		expect(result.error?.description).toMatch(/prompt "a lost lighthouse"/);
		// The emulator logs a dropped request when its side of the connection has closed.
		const creates = await eventually(() =>
			apiRequests(emulator(), credentials).filter((r) => r.path === '/v1/image/generation/create'),
		);
		expect(creates).toHaveLength(1); // not retried
		expect(emulator().control.credits(credentials.apiToken)).toBe(99); // the server charged it anyway
		expect(JSON.stringify(result.run)).not.toContain(credentials.apiToken);
	});

	test('the lost create as an error item carries its seed and start time', async () => {
		const credentials = account(emulator());
		emulator().control.injectFaults({ route: 'generate', kind: 'drop', times: 1 });
		const result = await runNode({
			credentials,
			onError: 'continueErrorOutput',
			parameters: generate('lost again', { seed: 77, downloadImages: false }),
		});
		const [, errors] = result.outputs;
		expect(errors).toHaveLength(1);
		expect(details(errors[0])).toMatchObject({ code: 'outcome_unknown', seed: 77, prompt: 'lost again' });
		expect(Date.parse(String(details(errors[0]).started_at))).not.toBeNaN();
	});

	test('a timeout on Stablecog’s side (refunded) says it is safe to try again', async () => {
		const credentials = account(emulator());
		emulator().control.injectFaults({ route: 'generate', kind: 'timeout', times: 1 });
		const result = await runNode({ credentials, parameters: generate('too slow', { downloadImages: false }) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/240 s.*refunded/);
		expect(result.error?.description).toMatch(/safe to try again/);
		expect(emulator().control.credits(credentials.apiToken)).toBe(100);
	});

	test('a rate limit is retried, then reported with advice', async () => {
		const credentials = account(emulator());
		emulator().control.injectFaults({ route: 'generate', kind: '429', times: 2 });
		const ok = await runNode({ credentials, parameters: generate('after a 429', { downloadImages: false }) });
		expect(ok.status).toBe('success');
		expect(apiRequests(emulator(), credentials).map((r) => r.status)).toEqual([429, 429, 200]);

		emulator().control.injectFaults({ route: 'generate', kind: '429' });
		const limited = await runNode({ credentials, parameters: generate('always limited', { downloadImages: false }) });
		expect(limited.status).toBe('error');
		expect(limited.error?.message).toMatch(/Too many requests/);
		expect(limited.error?.description).toMatch(/Parallel Requests.*Retry On Fail/);
		expect(emulator().control.credits(credentials.apiToken)).toBe(99);
	});

	test('images the safety filter removes are reported, not silently dropped', async () => {
		const credentials = account(emulator());
		const result = await runNode({ credentials, parameters: generate('emu_filter_all', { downloadImages: false }) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/safety filter removed all of them/);
	});
});

describe('parallel requests', () => {
	const SLOW_DOWNLOAD_MS = 3000;

	test('a download holds no place: the next create starts while the image before it downloads', async () => {
		const credentials = account(emulator());
		// The first image takes seconds to download; the second create must not wait for it.
		emulator().control.injectFaults({ route: 'cdn', kind: 'slow', times: 1, delayMs: SLOW_DOWNLOAD_MS });
		const cdnBefore = emulator().control.requests({ origin: 'cdn' }).length;
		const result = await runNode({
			credentials,
			input: ['a', 'b'].map((p) => ({ json: { p } })),
			parameters: generate('={{ $json.p }}', { concurrency: 1 }),
		});
		expect(result.status).toBe('success');
		expect(result.outputs[0].map((i) => [i.json.prompt, i.pairedItem, Object.keys(i.binary ?? {})])).toEqual([
			['a', { item: 0 }, ['data']],
			['b', { item: 1 }, ['data']],
		]);
		const firstImage = new URL(String(result.outputs[0][0].json.image_url)).pathname;
		// The emulator logs a request once its answer is sent, which may be a moment later.
		const [slowDownload] = await eventually(() =>
			emulator()
				.control.requests({ origin: 'cdn' })
				.slice(cdnBefore)
				.filter((r) => r.path === firstImage),
		);
		const creates = apiRequests(emulator(), credentials);
		expect(creates).toHaveLength(2);
		// Order, not a tight time bound (`at` is when a request arrived): had the download held the
		// only place, the second create could only have arrived once the slow download was over.
		expect(Date.parse(creates[1].at)).toBeLessThan(Date.parse(slowDownload.at) + SLOW_DOWNLOAD_MS);
	});

	test('with downloads on, a refused item in between still goes to the error output in order', async () => {
		const credentials = account(emulator());
		emulator().control.injectFaults({ route: 'cdn', kind: 'slow', times: 1, delayMs: 600 });
		const result = await runNode({
			credentials,
			onError: 'continueErrorOutput',
			input: ['first', 'emu_nsfw please', 'third'].map((p) => ({ json: { p } })),
			parameters: generate('={{ $json.p }}', { concurrency: 1 }),
		});
		expect(result.status).toBe('success');
		const [main, errors] = result.outputs;
		expect(main.map((i) => [i.json.prompt, i.pairedItem, Boolean(i.binary?.data)])).toEqual([
			['first', { item: 0 }, true],
			['third', { item: 2 }, true],
		]);
		expect(errors.map((i) => [details(i).code, i.pairedItem])).toEqual([['content_policy', { item: 1 }]]);
	});

	test('without continue on fail, a refused item stops the batch: nothing after it is sent', async () => {
		const credentials = account(emulator());
		emulator().control.injectFaults({ route: 'cdn', kind: 'slow', times: 1, delayMs: 600 });
		const result = await runNode({
			credentials,
			input: ['first', 'emu_nsfw please', 'third'].map((p) => ({ json: { p } })),
			parameters: generate('={{ $json.p }}', { concurrency: 1 }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.description).toMatch(/\[item 1\]$/);
		const creates = apiRequests(emulator(), credentials).filter((r) => r.path === '/v1/image/generation/create');
		expect(creates).toHaveLength(2);
	});

	test('runs items on as many slots as asked, and keeps the input order', async () => {
		const credentials = account(emulator(), { plan: 'starter' });
		emulator().control.configure({ latencyMs: 400 });
		// The first create answers slowly, so item 1 finishes before item 0.
		emulator().control.injectFaults({ route: 'generate', kind: 'slow', times: 1, delayMs: 900 });
		const result = await runNode({
			credentials,
			input: ['a', 'b', 'c', 'd'].map((p) => ({ json: { p } })),
			parameters: generate('={{ $json.p }}', { concurrency: 2, downloadImages: false }),
		});
		expect(result.status).toBe('success');
		expect(result.outputs[0].map((i) => [i.json.prompt, i.pairedItem])).toEqual([
			['a', { item: 0 }],
			['b', { item: 1 }],
			['c', { item: 2 }],
			['d', { item: 3 }],
		]);
		const arrivals = apiRequests(emulator(), credentials)
			.map((r) => Date.parse(r.at))
			.sort((a, b) => a - b);
		expect(arrivals).toHaveLength(4);
		// Two at once: the second starts before the first could have finished, the third only
		// after one of the first two finished.
		expect(arrivals[1] - arrivals[0]).toBeLessThan(300);
		expect(arrivals[2] - arrivals[0]).toBeGreaterThanOrEqual(350);
	});
});
