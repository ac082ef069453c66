/**
 * The node's own parameters (those the client does not check) set by an expression to a value of
 * the wrong type or out of range: refused before any request, naming the parameter as the node
 * shows it. Numbers and booleans given as text are read as such.
 */
import type { INodeParameters } from 'n8n-workflow';
import { account, apiRequests, useEmulator } from './fixtures';
import { runNode } from './harness';

const emulator = useEmulator();

const generate = (options: INodeParameters): INodeParameters => ({
	resource: 'image',
	operation: 'generate',
	prompt: 'a lighthouse',
	options: { width: 512, height: 512, downloadImages: false, ...options },
});
const getMany = (extra: INodeParameters): INodeParameters => ({
	resource: 'output',
	operation: 'getMany',
	returnAll: false,
	limit: 5,
	filters: {},
	options: {},
	...extra,
});
const fromItem = '={{ $json.v }}';

test.each([
	['Options → Parallel Requests', generate({ concurrency: fromItem }), 11, /whole number from 1 to 10 \(got 11\)/],
	['Options → Timeout (Seconds)', generate({ timeout: fromItem }), 29.5, /whole number from 30 to 3600/],
	['Options → Timeout (Seconds)', generate({ timeout: fromItem }), 10 ** 9, /whole number from 30 to 3600/],
	['Options → Aspect Ratio', generate({ aspectRatio: fromItem }), '5:4', /one of .*16:9.*\(got "5:4"\)/],
	['Options → Put Output in Field', generate({ binaryPropertyName: fromItem }), ['data'], /must be text, e\.g\. data \(got a list\)/],
	['Options → Download Images', generate({ downloadImages: fromItem }), 'yes', /true or false \(got "yes"\)/],
	['Limit', getMany({ limit: fromItem }), 0, /whole number of at least 1 \(got 0\)/],
	['Simplify', getMany({ simplify: fromItem }), { on: true }, /true or false \(got an object\)/],
	['Options → Order', getMany({ options: { order: fromItem } }), 'newest', /one of desc, asc/],
])('%s = %p: refused before any request', async (label, parameters, v, problem) => {
	const credentials = account(emulator());
	const result = await runNode({ credentials, parameters, input: [{ json: { v } as never }] });
	expect(result.status).toBe('error');
	expect(result.error?.message.startsWith(`${label}: `)).toBe(true);
	expect(result.error?.message).toMatch(problem);
	expect(result.error?.description).toMatch(/Nothing was sent to Stablecog\. \[item 0\]$/);
	expect(apiRequests(emulator(), credentials)).toHaveLength(0);
});

test('numbers and booleans given as text are read; with "continue", a bad item goes to the error output', async () => {
	const credentials = account(emulator());
	const result = await runNode({
		credentials,
		parameters: generate({ timeout: fromItem, downloadImages: '={{ $json.download }}' }),
		input: [{ json: { v: ' 60 ', download: 'false' } }, { json: { v: 'soon', download: 'false' } }],
		onError: 'continueErrorOutput',
	});
	const [made, failed] = result.outputs;
	expect(made.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
	expect(made[0].binary).toBeUndefined();
	expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	expect(failed[0].json).toMatchObject({
		error: 'Options → Timeout (Seconds): must be a whole number from 30 to 3600 (got "soon")',
		details: { code: 'invalid_parameter', description: expect.stringMatching(/\[item 1\]$/) },
	});
	expect(apiRequests(emulator(), credentials)).toHaveLength(1);
});
