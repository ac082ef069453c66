/**
 * The Stablecog rules the node takes from the client core (issue 9): the model and scheduler
 * checks before any create, Stablecog's own aspect-ratio sizes, and one model list per execution.
 */
import { ASPECT_RATIO_NAMES, ASPECT_RATIO_SIZES } from '@stablecog/client/core';
import { FLUX_MODEL_ID } from '@stablecog/emulator';
import type { INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { account, apiRequests, useEmulator } from './fixtures';
import { NODE_TYPE, pkg, runNode } from './harness';

const emulator = useEmulator();
jest.setTimeout(60_000);

const generate = (options: INodeParameters = {}, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'image',
	operation: 'generate',
	prompt: 'a lighthouse',
	options: { downloadImages: false, ...options },
	...extra,
});
const byId = (value: string) => ({ model: { __rl: true, mode: 'id', value } });
const UNKNOWN_MODEL = '00000000-0000-4000-8000-000000000000';
const creates = (requests: Array<{ path: string }>) => requests.filter((r) => r.path === '/v1/image/generation/create');
const modelLookups = (requests: Array<{ path: string }>) => requests.filter((r) => r.path === '/v1/image/generation/models');

test('an unknown model (By ID, default size) is refused before any create, naming the Model field', async () => {
	const credentials = account(emulator());
	const result = await runNode({ credentials, parameters: generate({}, byId(UNKNOWN_MODEL)) });
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(/^Model: .*not one of the available models/);
	expect(result.error?.message).not.toMatch(/charged/);
	expect(creates(apiRequests(emulator(), credentials))).toHaveLength(0);
	expect(emulator().control.credits(credentials.apiToken)).toBe(100);
});

test('a scheduler the model does not offer is refused before any create, naming Options → Scheduler', async () => {
	const credentials = account(emulator());
	// DDIM: a scheduler the emulator knows, which FLUX.1 (the default model) does not offer.
	const result = await runNode({ credentials, parameters: generate({ scheduler: 'b7224e56-1440-43b9-ac86-66d66f9e8c91' }) });
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(/^Options → Scheduler: .*not one of the schedulers FLUX\.1 offers/);
	expect(creates(apiRequests(emulator(), credentials))).toHaveLength(0);
});

test("Options → Aspect Ratio offers exactly the core's table: Stablecog's sizes for the default models", () => {
	const node = pkg.nodes[NODE_TYPE];
	const options = node.description.properties.find(
		(p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('generate'),
	)!.options as INodeProperties[];
	const presets = (options.find((o) => o.name === 'aspectRatio')!.options as INodePropertyOptions[]).filter(
		(o) => o.value !== 'default',
	);
	expect(presets.map((o) => o.value).sort()).toEqual([...ASPECT_RATIO_NAMES].sort());
	for (const preset of presets) {
		const [large] = ASPECT_RATIO_SIZES[preset.value as keyof typeof ASPECT_RATIO_SIZES].sizes;
		expect(preset.name).toContain(`${large.width} × ${large.height}`);
	}
});

test('an image generated at 16:9 is found by Output → Get Many filtered by 16:9', async () => {
	const credentials = account(emulator());
	const made = await runNode({ credentials, parameters: generate({ aspectRatio: '16:9' }) });
	expect(made.status).toBe('success');
	const [image] = made.outputs[0];
	const found = await runNode({
		credentials,
		parameters: { resource: 'output', operation: 'getMany', returnAll: true, filters: { aspectRatio: ['16-9'] } },
	});
	expect(found.outputs[0].map((item) => item.json.id)).toContain(image.json.id);
});

test('a batch of generates that needs the model list fetches it once', async () => {
	const credentials = account(emulator());
	const result = await runNode({
		credentials,
		input: ['a', 'b', 'c', 'd'].map((p) => ({ json: { p } })),
		parameters: generate({ concurrency: 4 }, { ...byId(FLUX_MODEL_ID), prompt: '={{ $json.p }}' }),
	});
	expect(result.status).toBe('success');
	const requests = apiRequests(emulator(), credentials);
	expect(modelLookups(requests)).toHaveLength(1);
	expect(creates(requests)).toHaveLength(4);
});

test('a batch reads the credential from n8n once, not once per request', async () => {
	// n8n reads and decrypts a credential from its database on every read: tens of ms before each
	// create could leave, round after round of a batch.
	const credentials = account(emulator());
	const result = await runNode({
		credentials,
		input: ['a', 'b', 'c', 'd', 'e', 'f'].map((p) => ({ json: { p } })),
		parameters: generate({ concurrency: 2 }, { ...byId(FLUX_MODEL_ID), prompt: '={{ $json.p }}' }),
	});
	expect(result.status).toBe('success');
	// Each one authenticated with the token (the list holds the requests that carried it).
	expect(creates(apiRequests(emulator(), credentials))).toHaveLength(6);
	expect(result.credentialReads).toBe(1);
});
