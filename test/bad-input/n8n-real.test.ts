/**
 * A few bad parameters in a REAL n8n (the packed package, `n8n execute`), all in one workflow so
 * that n8n boots once: values from expressions of the wrong type or range, a file that is no image
 * (made by n8n's own Convert to File node). Each Stablecog node sends its item to the error output
 * with a message naming the parameter, and the emulator receives nothing from this account.
 */
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { type Edge, manualTrigger, type N8nFixture, type NodeSpec, startN8n, workflow } from '@stablecog/testkit/n8n';

jest.setTimeout(300_000);

const noOp = (name: string): NodeSpec => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1 });

/** Each case: a Stablecog node with one bad parameter, and what its error must say. */
const CASES: Array<{ name: string; parameters: Record<string, unknown>; fromFile?: boolean; message: RegExp }> = [
  {
    name: 'Width abc',
    parameters: { resource: 'image', operation: 'generate', prompt: 'a fox', options: { width: '={{ "abc" }}', height: 512 } },
    message: /^Options → Width: must be a number \(got "abc"\)/,
  },
  {
    name: 'Blank prompt',
    parameters: { resource: 'image', operation: 'generate', prompt: '={{ "  \\n " }}', options: {} },
    message: /^Prompt: must not be empty/,
  },
  {
    name: 'Nine images',
    parameters: { resource: 'image', operation: 'generate', prompt: 'a fox', options: { numOutputs: '={{ 9 }}' } },
    message: /^Options → Number of Images: must be at most 4/,
  },
  {
    name: 'Seed list',
    parameters: { resource: 'image', operation: 'generate', prompt: 'a fox', options: { seed: '={{ [1, 2] }}' } },
    message: /^Options → Seed: must be a number/,
  },
  {
    name: 'Script URL',
    parameters: { resource: 'image', operation: 'generate', prompt: 'a fox', options: { initImageUrl: '={{ "javascript:alert(1)" }}' } },
    message: /^Options → Init Image URL: must start with http/,
  },
  {
    name: 'Upscale text',
    parameters: { resource: 'image', operation: 'upscale', source: 'url', imageUrl: '={{ "not a url" }}', options: {} },
    message: /^Output \/ Image URL: must be an output id/,
  },
  {
    name: 'Init image PDF',
    parameters: { resource: 'image', operation: 'generate', prompt: 'a fox', options: { initImageBinaryField: 'data' } },
    fromFile: true,
    message: /Binary Field: must be a JPEG, PNG or WebP image/,
  },
  {
    name: 'Upscale PDF',
    parameters: { resource: 'image', operation: 'upscale', source: 'binary', inputBinaryField: 'data', options: {} },
    fromFile: true,
    message: /^Input Binary Field: must be a JPEG, PNG or WebP image/,
  },
];

let emulator: Emulator;
let fixture: N8nFixture;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: 0, rateLimit: false });
  token = emulator.control.createAccount({ credits: 100, plan: 'pro' }).token;
  fixture = await startN8n(token, emulator.url, 'stablecogBadInput');
  // A "PDF" in the binary field `data`, made by n8n itself: Set, then Convert to File.
  const fileNodes: NodeSpec[] = [
    { name: 'Text', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify({ text: '%PDF-1.7 not an image' }) } },
    {
      name: 'File',
      type: 'n8n-nodes-base.convertToFile',
      typeVersion: 1.1,
      parameters: { operation: 'toText', sourceProperty: 'text', options: { fileName: 'photo.png' } },
    },
  ];
  const caseNodes = CASES.flatMap(({ name, parameters }) => [
    fixture.stablecog(name, parameters, { onError: 'continueErrorOutput' }),
    noOp(`${name} failed`),
  ]);
  const edges: Edge[] = [
    ['Manual', 'Text'],
    ['Text', 'File'],
    ...CASES.flatMap(({ name, fromFile }): Edge[] => [
      [fromFile ? 'File' : 'Manual', name],
      [name, `${name} failed`, 1],
    ]),
  ];
  await fixture.n8n.importWorkflows([workflow('scBadInput', 'Bad parameters', [manualTrigger(), ...fileNodes, ...caseNodes], edges)]);
}, 600_000);

afterAll(async () => {
  fixture?.dispose();
  await emulator?.close();
});

describe('bad parameters in a real n8n', () => {
  it('each goes to its node’s error output naming the parameter; nothing reaches the API', async () => {
    const run = await fixture.n8n.executeOk('scBadInput');
    for (const { name, message } of CASES) {
      expect(run.items(name, 0)).toEqual([]);
      const [failed, ...more] = run.items(name, 1);
      expect(more).toEqual([]);
      expect({ name, error: String(failed!.json.error) }).toEqual({ name, error: expect.stringMatching(message) });
      expect(String(failed!.json.details.description)).toMatch(/\[item 0\]$/);
      expect(failed!.json.details.code).toMatch(/^(validation|invalid_parameter)$/);
    }
    const sent = emulator.control.requests({ origin: 'api' }).filter((r) => r.headers.authorization === `Bearer ${token}`);
    expect(sent).toEqual([]);
    expect(emulator.control.ledger({ token })).toEqual([]);
    console.log(`real n8n bad input: ${CASES.length} nodes refused their item before any request, n8n ran ${run.durationMs} ms`);
  });
});
