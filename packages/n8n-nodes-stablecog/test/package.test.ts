/** The package as n8n and its verification see it: package.json, dist/, descriptions, examples. */
import { RUNS_AT_ONCE_BY_PLAN } from '@stablecog/client/core';
import { NodeHelpers, type IDataObject, type INodeParameters } from 'n8n-workflow';
import { account, useEmulator } from './fixtures';
import { NODE_TYPE, pkg, testCredential, TRIGGER_TYPE } from './harness';
import { exists, listFiles, readText as read, resolveFrom } from './package-files';

const emulator = useEmulator();
const manifest = JSON.parse(read('package.json')) as Record<string, unknown> & {
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
	scripts: Record<string, string>;
};

describe('package.json', () => {
	test('follows the community package rules', () => {
		expect(manifest.name).toBe('n8n-nodes-stablecog');
		expect(manifest.license).toBe('MIT');
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(manifest.files).toEqual(['dist']);
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
			expect(manifest.scripts[script]).toBeUndefined();
		}
		expect(manifest.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
	});

	test('every file of the n8n block is built, with its class named after the file', () => {
		expect(Object.keys(pkg.nodes).sort()).toEqual([NODE_TYPE, TRIGGER_TYPE]);
		expect(Object.keys(pkg.credentials)).toEqual(['stablecogApi']);
	});

	test('the built JavaScript requires nothing but n8n-workflow and its own files', () => {
		const required = new Set<string>();
		for (const file of listFiles('dist').filter((f) => f.endsWith('.js'))) {
			for (const [, target] of read(file).matchAll(/\brequire\("([^"]+)"\)/g)) {
				required.add(target.startsWith('.') ? 'relative' : target);
				if (target.startsWith('.')) expect(exists(resolveFrom(file, target))).toBe(true);
			}
		}
		expect([...required].sort()).toEqual(['n8n-workflow', 'relative']);
	});

	test('icons: light and dark files differ and sit where the descriptions point', () => {
		const check = (file: string, icon: unknown) => {
			const { light, dark } = icon as { light: string; dark: string };
			expect(light).not.toBe(dark);
			for (const ref of [light, dark]) {
				expect(read(resolveFrom(file, ref.replace(/^file:/, '')))).toMatch(/^<svg /);
			}
		};
		manifest.n8n.nodes.forEach((file) => check(file, Object.values(pkg.nodes).find((n) => file.includes(`/${n.description.displayName.replace(/ /g, '')}.`))!.description.icon));
		check(manifest.n8n.credentials[0], pkg.credentials.stablecogApi.icon);
	});

	test('each node has its codex file next to it', () => {
		for (const file of manifest.n8n.nodes) {
			const codex = JSON.parse(read(file.replace(/\.js$/, '.json'))) as { node: string; categories: string[] };
			expect([NODE_TYPE, TRIGGER_TYPE]).toContain(codex.node);
			expect(codex.categories.length).toBeGreaterThan(0);
		}
	});
});

describe('descriptions', () => {
	test('the node is an AI tool; the trigger polls and has no input', () => {
		const node = pkg.nodes[NODE_TYPE].description;
		expect(node).toMatchObject({ name: 'stablecog', displayName: 'Stablecog', usableAsTool: true });
		expect(node.subtitle).toBeTruthy();
		expect(node.credentials).toEqual([{ name: 'stablecogApi', required: true }]);
		const trigger = pkg.nodes[TRIGGER_TYPE].description;
		expect(trigger).toMatchObject({ name: 'stablecogTrigger', displayName: 'Stablecog Trigger', polling: true, inputs: [] });
		expect(trigger.usableAsTool).toBeUndefined();
	});

	test('the credential: a password token, a base URL, a Bearer header and a test on /v1/credits', () => {
		const credential = pkg.credentials.stablecogApi;
		expect(credential.displayName).toBe('Stablecog API');
		const [token, baseUrl] = credential.properties;
		expect(token).toMatchObject({ name: 'apiToken', typeOptions: { password: true }, required: true });
		expect(baseUrl).toMatchObject({ name: 'baseUrl', default: 'https://api.stablecog.com' });
		expect(credential.authenticate).toEqual({
			type: 'generic',
			// Trimmed, and a pasted "Bearer " dropped (issue 11), as n8n resolves it per request.
			properties: { headers: { Authorization: '=Bearer {{$credentials.apiToken.trim().replace(/^bearer\\s+/i, "").trim()}}' } },
		});
		expect(credential.test?.request.url).toBe('/v1/credits');
	});

	test('the credential test, run as n8n runs it: OK for a good token, an actionable message for a bad one', async () => {
		const good = account(emulator());
		expect(await testCredential(good)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = emulator().control.requests({ origin: 'api' }).filter((r) => r.headers.authorization === `Bearer ${good.apiToken}`);
		expect(request).toMatchObject({ method: 'GET', path: '/v1/credits', status: 200 });

		const bad = await testCredential({ ...good, apiToken: 'sc-wrong' });
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/did not accept this API token.*account\/api-keys/);

		const unreachable = await testCredential({ ...good, baseUrl: 'http://127.0.0.1:1' });
		expect(unreachable.status).toBe('Error');

		// As people paste them (issue 11): a token with a newline and "Bearer ", a Base URL ending in /v1/.
		const pasted = await testCredential({ apiToken: `Bearer ${good.apiToken}\n`, baseUrl: `${good.baseUrl}/v1/` });
		expect(pasted).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('Inference Steps and Parallel Requests say what Stablecog does with them (issue 11)', () => {
		const options = (pkg.nodes[NODE_TYPE].description.properties as Array<{ name: string; options?: Array<{ name: string; description?: string }> }>)
			.filter((p) => p.name === 'options')
			.flatMap((p) => p.options ?? []);
		const described = (name: string) => options.find((o) => o.name === name)?.description ?? '';
		expect(described('inferenceSteps')).toMatch(/checks width × height × steps.*model’s own step count/);
		// As many as each plan runs at once (sc-go's qMax + 1, pinned in the client's plans.test.ts): Pro 4, not 3.
		expect(described('concurrency')).toMatch(/default 1 suits every plan/);
		expect(described('concurrency')).toContain(`(${RUNS_AT_ONCE_BY_PLAN})`);
		expect(read('README.md')).toContain(`per account: ${RUNS_AT_ONCE_BY_PLAN} (`);
	});
});

describe('example workflows', () => {
	const examples = listFiles('examples').filter((f) => f.endsWith('.json'));

	test('there are the three documented examples', () => {
		expect(examples.sort()).toEqual([
			'examples/batch-generate-from-list.json',
			'examples/generate-upscale-list.json',
			'examples/outputs-to-sheet.json',
		]);
	});

	test.each(examples)('%s: importable, and every Stablecog parameter exists in the node', (file) => {
		const workflow = JSON.parse(read(file)) as {
			id: string;
			nodes: Array<{ name: string; type: string; parameters: INodeParameters; credentials?: IDataObject }>;
			connections: Record<string, unknown>;
		};
		expect(workflow.id.length).toBeLessThanOrEqual(21);
		expect(workflow.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger')).toBe(true);
		const stablecog = workflow.nodes.filter((n) => n.type === NODE_TYPE);
		expect(stablecog.length).toBeGreaterThan(0);
		const description = pkg.nodes[NODE_TYPE].description;
		for (const node of stablecog) {
			expect(Object.keys(node.credentials ?? {})).toEqual(['stablecogApi']);
			// n8n's own parameter resolution drops what the description does not define.
			const resolved = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, null, description)!;
			for (const [name, value] of Object.entries(node.parameters)) {
				expect({ node: node.name, name, known: name in resolved }).toEqual({ node: node.name, name, known: true });
				if (value && typeof value === 'object' && !('__rl' in value)) {
					for (const option of Object.keys(value)) {
						expect({ node: node.name, option, known: option in (resolved[name] as IDataObject) }).toEqual({
							node: node.name,
							option,
							known: true,
						});
					}
				}
			}
		}
		for (const source of Object.keys(workflow.connections)) {
			expect(workflow.nodes.map((n) => n.name)).toContain(source);
		}
	});
});
