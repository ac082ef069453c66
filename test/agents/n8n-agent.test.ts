/**
 * Stablecog as a tool of a real n8n AI Agent: Manual Trigger → AI Agent, its OpenAI Chat Model
 * pointed at a scripted model on loopback, the packed Stablecog node attached as tools (arguments
 * via $fromAI). What the model received is read from the model's own request log.
 */
import {
  agentWorkflow,
  byUserText,
  inOrder,
  mcpClientTool,
  openAiCredential,
  startMcpHttp,
  startScriptedModel,
  stablecogTool,
  type McpHttpProcess,
  type ScriptedModel,
} from '@stablecog/testkit/agents';
import { startStablecogSuite, type StablecogSuite } from '@stablecog/testkit/n8n';

jest.setTimeout(180_000);

const GENERATE = 'Check my credits, make one image of a red fox in the snow, then list my images.';
const REFUSED = 'Make a huge image of a whale.';
const LOST = 'Make an image of a lost lantern.';
const OVER_MCP = 'Over MCP, make an image of a paper boat.';
const CREATE = '/v1/image/generation/create';

describe('n8n AI Agent with the Stablecog Tool', () => {
  let sc: StablecogSuite;
  let model: ScriptedModel;
  let mcp: McpHttpProcess;

  const tools = () => [
    stablecogTool(
      'Generate image',
      {
        resource: 'image',
        operation: 'generate',
        prompt: "={{ $fromAI('prompt', 'What the image should show', 'string') }}",
        options: {
          numOutputs: "={{ $fromAI('num_outputs', 'How many images, 1 to 4 (1 credit each)', 'number', 1) }}",
          width: "={{ $fromAI('width', 'Width in pixels, 256 to 1536', 'number', 512) }}",
          height: "={{ $fromAI('height', 'Height in pixels, 256 to 1536', 'number', 512) }}",
        },
      },
      sc.credential,
    ),
    stablecogTool('Get credits', { resource: 'account', operation: 'getCredits' }, sc.credential),
    stablecogTool('List images', { resource: 'output', operation: 'getMany', limit: "={{ $fromAI('limit', 'How many images, newest first', 'number', 5) }}" }, sc.credential),
  ];

  beforeAll(async () => {
    model = await startScriptedModel(
      byUserText({
        [GENERATE]: inOrder(
          { calls: [{ tool: 'Get_credits', arguments: {} }] },
          { calls: [{ tool: 'Generate_image', arguments: { prompt: 'a red fox in the snow, watercolor', num_outputs: 1 } }] },
          { calls: [{ tool: 'List_images', arguments: { limit: 3 } }] },
        ),
        [REFUSED]: inOrder({ calls: [{ tool: 'Generate_image', arguments: { prompt: 'a whale', width: 4096, height: 4096 } }] }),
        [LOST]: inOrder({ calls: [{ tool: 'Generate_image', arguments: { prompt: 'a lost lantern', num_outputs: 2 } }] }),
        [OVER_MCP]: inOrder({ calls: [{ tool: /generate_image$/, arguments: { prompt: 'a paper boat', num_outputs: 1, width: 512, height: 512 } }] }),
      }),
    );
    sc = await startStablecogSuite({ credits: 100 });
    mcp = await startMcpHttp({ token: sc.token, apiUrl: sc.emulator.url });
    const openAi = openAiCredential('scriptedModel01', model.baseUrl);
    await sc.n8n.importCredentials([openAi]);
    await sc.n8n.importWorkflows([
      agentWorkflow('agentGenerate', GENERATE, openAi, tools()),
      agentWorkflow('agentRefused', REFUSED, openAi, tools()),
      agentWorkflow('agentLost', LOST, openAi, tools()),
      agentWorkflow('agentMcp', OVER_MCP, openAi, [mcpClientTool('Stablecog MCP', mcp.url)]),
    ]);
  }, 600_000);

  afterAll(async () => {
    await mcp?.stop();
    await sc?.close();
    await model?.close();
  });

  const creates = () => sc.emulator.control.requests().filter((r) => r.path === CREATE);
  const charges = () => sc.emulator.control.ledger().filter((e) => e.kind === 'charge');
  const everythingTheModelGot = () => model.requests.map((r) => r.raw + JSON.stringify(r.headers)).join('\n');

  it('offers the three tools with descriptions written for agents', async () => {
    await sc.n8n.executeOk('agentGenerate');
    const offered = model.offeredTools();
    console.log(`Tools offered to the model:\n${offered.map((t) => `  ${t.name}: ${t.description}`).join('\n')}`);
    expect(offered.map((t) => t.name).sort()).toEqual(['Generate_image', 'Get_credits', 'List_images']);
    const generate = offered.find((t) => t.name === 'Generate_image')!;
    expect(generate.description).toMatch(/1 credit per image/);
    expect(generate.description).toMatch(/seconds to (a few )?minutes/);
    expect(generate.description).toMatch(/never call .*again/i);
    expect(offered.find((t) => t.name === 'Get_credits')!.description).toMatch(/free/i);
    expect(Object.keys(generate.parameters.properties).sort()).toEqual(['height', 'num_outputs', 'prompt', 'width']);
  });

  it('one tool call makes exactly one set of images; the model gets compact JSON; credits and outputs work as tools', () => {
    const results = model.toolResults(GENERATE);
    for (const r of results) console.log(`  ${r.name} → ${Buffer.byteLength(r.content)} bytes: ${r.content.slice(0, 400)}`);
    expect(results.map((r) => r.name)).toEqual(['Get_credits', 'Generate_image', 'List_images']);
    const [credits, generated, listed] = results.map((r) => JSON.parse(r.content));
    expect(JSON.stringify(credits)).toContain('"total_remaining_credits":100');

    expect(creates()).toHaveLength(1);
    expect(charges().map((c) => c.amount)).toEqual([1]);
    const image = [generated].flat()[0];
    expect(image).toMatchObject({ id: charges()[0]!.outputIds![0], seed: expect.any(Number), remaining_credits: 99 });
    expect(image.image_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\.jpeg$/);
    expect([listed].flat()[0]).toMatchObject({ id: image.id });
    for (const r of results) {
      expect(Buffer.byteLength(r.content)).toBeLessThan(4096);
      expect(r.content).not.toMatch(/base64|\/9j\//); // no image bytes
    }
  });

  it('a refused input comes back as a tool error naming the field, with nothing sent', async () => {
    const before = creates().length;
    await sc.n8n.execute('agentRefused');
    const [refused] = model.toolResults(REFUSED);
    console.log(`  refused → ${Buffer.byteLength(refused!.content)} bytes: ${refused!.content}`);
    const [item] = JSON.parse(refused!.content);
    expect(item.error).toMatch(/^Options → Width: must be at most 1536 \(got 4096\)/);
    expect(item.details.description).toMatch(/256 to 1536 pixels/);
    expect(creates()).toHaveLength(before);
  });

  it('a lost create comes back as a tool error with the seed and how to find the images, charged once, never resent', async () => {
    sc.emulator.control.injectFaults([{ route: 'generate', kind: 'drop', times: 1 }]);
    const before = charges().length;
    await sc.n8n.execute('agentLost');
    const [lost] = model.toolResults(LOST);
    console.log(`  lost → ${Buffer.byteLength(lost!.content)} bytes: ${lost!.content}`);
    const [item] = JSON.parse(lost!.content);
    expect(item.error).toMatch(/may have made and charged this generation, but its answer was lost/);
    expect(item.details).toMatchObject({ code: 'outcome_unknown', seed: expect.any(Number), prompt: 'a lost lantern' });
    expect(item.details.description).toMatch(new RegExp(`Do not run this item again.*Output → Get Many.*seed ${item.details.seed}`));
    expect(charges()).toHaveLength(before + 1);
    expect(creates().filter((r) => r.status === 0)).toHaveLength(1);
  });

  it('through the MCP Client Tool and `stablecog mcp --http`: the six tools offered, one generation, compact JSON', async () => {
    const before = { creates: creates().length, charges: charges().length };
    await sc.n8n.executeOk('agentMcp');
    // n8n prefixes each MCP tool with the node's name.
    const offered = model.requests.find((r) => r.raw.includes(OVER_MCP))!.body.tools.map((t: any) => t.function.name as string);
    expect(offered.sort()).toEqual(['find_outputs', 'generate_image', 'get_credits', 'list_models', 'list_outputs', 'upscale_image'].map((n) => `Stablecog_MCP_${n}`));
    const [result] = model.toolResults(OVER_MCP);
    console.log(`  generate_image over MCP → ${Buffer.byteLength(result!.content)} bytes: ${result!.content}`);
    expect(creates()).toHaveLength(before.creates + 1);
    expect(charges()).toHaveLength(before.charges + 1);
    const outputId = charges().at(-1)!.outputIds![0]!;
    // n8n wraps the MCP result's content blocks; the text block is the server's compact JSON.
    const [{ response }] = JSON.parse(result!.content);
    expect(JSON.parse(response[0].text)).toMatchObject({ images: [{ id: outputId }], seed: expect.any(Number), remaining_credits: expect.any(Number) });
    expect(Buffer.byteLength(result!.content)).toBeLessThan(4096);
    expect(mcp.stderr()).not.toContain(sc.token);
  });

  it('the API token appears nowhere in what the model received', () => {
    expect(model.requests.length).toBeGreaterThan(0);
    expect(everythingTheModelGot()).not.toContain(sc.token);
  });
});
