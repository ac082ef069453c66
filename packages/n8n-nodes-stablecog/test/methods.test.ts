/** Dropdowns and searchable lists, run in n8n's LoadOptionsContext. */
import { Stablecog } from '@stablecog/client';
import type { INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';
import { account, useEmulator } from './fixtures';
import { loadOptions } from './harness';

const emulator = useEmulator();

const generateParameters = (model = '') => ({
	resource: 'image',
	operation: 'generate',
	prompt: 'x',
	model: { __rl: true, mode: 'list', value: model },
});

test('Scheduler lists the schedulers of the chosen model (of the default model when none is)', async () => {
	const credentials = account(emulator());
	const models = await new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl }).models.generation();
	const richest = [...models].sort((a, b) => (b.available_schedulers?.length ?? 0) - (a.available_schedulers?.length ?? 0))[0];
	const fallback = models.find((m) => m.is_default)!;

	const chosen = (await loadOptions(credentials, generateParameters(richest.id), 'loadOptions', 'getSchedulers')) as INodePropertyOptions[];
	expect(chosen.map((o) => o.value).sort()).toEqual(richest.available_schedulers!.map((s) => s.id).sort());

	const defaults = (await loadOptions(credentials, generateParameters(), 'loadOptions', 'getSchedulers')) as INodePropertyOptions[];
	expect(defaults.map((o) => o.value).sort()).toEqual(fallback.available_schedulers!.map((s) => s.id).sort());
});

test('model lists: the default model first in the resource locator, filtered by name', async () => {
	const credentials = account(emulator());
	const all = (await loadOptions(credentials, generateParameters(), 'listSearch', 'searchGenerationModels')) as INodeListSearchResult;
	expect(all.results[0].name).toMatch(/\(default\)$/);
	const filtered = (await loadOptions(credentials, generateParameters(), 'listSearch', 'searchGenerationModels', 'sdxl')) as INodeListSearchResult;
	expect(filtered.results.map((r) => r.name)).toEqual(['SDXL']);
	const upscale = (await loadOptions(credentials, generateParameters(), 'loadOptions', 'getUpscaleModels')) as INodePropertyOptions[];
	expect(upscale.length).toBeGreaterThan(0);
});

test('the output list pages with the server cursor and links each image', async () => {
	const credentials = account(emulator());
	const client = new Stablecog({ apiToken: credentials.apiToken, baseUrl: credentials.baseUrl });
	for (let i = 0; i < 15; i++) await client.images.generate({ prompt: `picture ${i}`, num_outputs: 4 });
	const parameters = { resource: 'image', operation: 'upscale', source: 'output' };

	const first = (await loadOptions(credentials, parameters, 'listSearch', 'searchOutputs')) as INodeListSearchResult;
	expect(first.results).toHaveLength(50);
	expect(first.results[0].name).toMatch(/^picture 14 \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)$/);
	expect(String(first.results[0].url)).toMatch(/\.jpeg$/);
	const second = (await loadOptions(credentials, parameters, 'listSearch', 'searchOutputs', undefined, first.paginationToken)) as INodeListSearchResult;
	expect(second.results).toHaveLength(10);
	expect(second.paginationToken).toBeUndefined();
	const seen = new Set([...first.results, ...second.results].map((r) => r.value));
	expect(seen.size).toBe(60);
});

test('a bad token in a dropdown says how to fix the credential', async () => {
	const credentials = { ...account(emulator()), apiToken: 'sc-wrong' };
	await expect(
		loadOptions(credentials, { resource: 'image', operation: 'upscale' }, 'listSearch', 'searchOutputs'),
	).rejects.toMatchObject({ description: expect.stringMatching(/Open the Stablecog API credential/) });
});
