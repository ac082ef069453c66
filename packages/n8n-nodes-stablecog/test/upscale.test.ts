/** Image → Upscale from an output, a URL and a binary field. */
import { Stablecog } from '@stablecog/client';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { account, apiRequests, binaryItem, PNG_1X1, useEmulator } from './fixtures';
import { runNode, type TestCredentials } from './harness';

const emulator = useEmulator();
jest.setTimeout(30_000);

const upscale = (source: string, extra: INodeParameters, options: INodeParameters = {}): INodeParameters => ({
	resource: 'image',
	operation: 'upscale',
	source,
	...extra,
	options: { downloadImages: false, ...options },
});

async function anOutput(credentials: TestCredentials) {
	const client = new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl });
	const result = await client.images.generate({ prompt: 'something to upscale', num_outputs: 1 });
	return result.outputs[0];
}

test('upscales an output chosen by ID (from the previous item) and returns the new URL', async () => {
	const credentials = account(emulator());
	const output = await anOutput(credentials);
	const result = await runNode({
		credentials,
		input: [{ json: { id: output.id } }],
		parameters: upscale('output', { outputId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }),
	});
	expect(result.status).toBe('success');
	const [item] = result.outputs[0];
	expect(item.json).toMatchObject({ input: output.id, remaining_credits: 98 });
	expect(String(item.json.upscaled_image_url)).toMatch(/\.jpeg$/);
	expect(item.json.upscaled_image_url).not.toBe(output.url);
	expect(item.pairedItem).toEqual({ item: 0 });
	const last = apiRequests(emulator(), credentials).pop();
	expect(last).toMatchObject({ method: 'POST', path: '/v1/image/upscale/create', status: 200 });
	expect(last?.headers['content-type']).toBe('application/json');
});

test('upscales an image from a URL, with a chosen upscale model, and downloads the result', async () => {
	const credentials = account(emulator());
	const output = await anOutput(credentials);
	const client = new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl });
	const [model] = await client.models.upscale();
	const result = await runNode({
		credentials,
		parameters: upscale('url', { imageUrl: output.url }, { model: model.id, downloadImages: true }),
	});
	expect(result.status).toBe('success');
	const [item] = result.outputs[0];
	expect(item.json).toMatchObject({ input: output.url, model_id: model.id });
	expect(item.binary?.data).toMatchObject({ mimeType: 'image/jpeg', fileName: `${item.json.id}.jpeg` });
});

test('upscales the image of a binary field, sent as multipart', async () => {
	const credentials = account(emulator());
	const result = await runNode({
		credentials,
		input: [binaryItem(PNG_1X1, 'picture')],
		parameters: upscale('binary', { inputBinaryField: 'picture' }),
	});
	expect(result.status).toBe('success');
	expect(String(result.outputs[0][0].json.upscaled_image_url)).toMatch(/\.jpeg$/);
	const [request] = apiRequests(emulator(), credentials);
	expect(request.path).toBe('/v1/image/upscale/create');
	expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
});

test.each([
	['a URL that is not http(s)', upscale('url', { imageUrl: 'file:///etc/passwd' }), /^Output \/ Image URL: must be an output id/],
	['bytes that are not an image', upscale('binary', { inputBinaryField: 'text' }), /must be a JPEG, PNG or WebP image/],
	['a missing binary field', upscale('binary', { inputBinaryField: 'nothing' }), /no binary field "nothing"/],
])('%s: refused before any request', async (_name, parameters, message) => {
	const credentials = account(emulator());
	const input: INodeExecutionData[] = [binaryItem(Buffer.from('hello, not an image'), 'text', 'text/plain')];
	const result = await runNode({ credentials, input, parameters });
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(message);
	expect(apiRequests(emulator(), credentials)).toHaveLength(0);
});

test('an output of another account is a permission problem, not a credential one', async () => {
	const owner = account(emulator());
	const output = await anOutput(owner);
	const stranger = account(emulator());
	const result = await runNode({
		credentials: stranger,
		parameters: upscale('output', { outputId: { __rl: true, mode: 'id', value: output.id } }),
	});
	expect(result.status).toBe('error');
	expect(result.error?.description).not.toMatch(/credential/i);
	expect(emulator().control.credits(stranger.apiToken)).toBe(100);
});
