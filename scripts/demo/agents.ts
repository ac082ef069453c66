/**
 * Demo step "agents": Stablecog as an AI agent's tool. First one MCP call (`stablecog mcp` over
 * stdio, the SDK's own client), then one run of a real n8n AI Agent whose OpenAI Chat Model is a
 * scripted stand-in: prints the tool call the model made and the result it got back.
 */
import { agentWorkflow, connectMcpStdio, inOrder, openAiCredential, startScriptedModel, stablecogTool } from '@stablecog/testkit/agents';
import { N8nSuite, stablecogCredential } from '@stablecog/testkit/n8n';
import type { DemoContext } from './context';

const bytes = (text: string) => `${Buffer.byteLength(text)} bytes`;

export async function run(ctx: DemoContext): Promise<void> {
  await mcpCall(ctx);
  await n8nAgentRun(ctx);
}

async function mcpCall(ctx: DemoContext): Promise<void> {
  console.log('MCP: `stablecog mcp` on stdio, called by the MCP SDK client');
  const client = await connectMcpStdio({ token: ctx.token, apiUrl: ctx.apiUrl });
  try {
    const { tools } = await client.listTools();
    console.log(`  tools: ${tools.map((t) => `${t.name}${t.annotations?.readOnlyHint ? ' (free)' : ' (costs credits)'}`).join(', ')}`);
    const call = { name: 'generate_image', arguments: { prompt: 'a lighthouse at dawn, oil painting', num_outputs: 1, width: 512, height: 512, include_images: true } };
    console.log(`  call  ${JSON.stringify(call)}`);
    const started = Date.now();
    const result = await client.callTool(call);
    const blocks = result.content as Array<{ type: string; text?: string; data?: string; mimeType?: string }>;
    const text = blocks.map((c) => c.text ?? '').join('');
    console.log(`  result (${bytes(text)} of JSON, ${((Date.now() - started) / 1000).toFixed(1)} s): ${text}`);
    for (const image of blocks.filter((c) => c.type === 'image')) {
      console.log(`  + image content: ${image.mimeType}, ${Buffer.from(image.data ?? '', 'base64').byteLength} bytes (asked for with include_images)`);
    }
  } finally {
    await client.close();
  }
}

async function n8nAgentRun(ctx: DemoContext): Promise<void> {
  const ask = 'Make an image of a red fox in the snow and give me its link.';
  console.log('\nn8n: Manual Trigger → AI Agent, OpenAI Chat Model on a scripted model, the Stablecog Tool attached');
  const model = await startScriptedModel(inOrder({ calls: [{ tool: 'Generate_image', arguments: { prompt: 'a red fox in the snow, watercolor' } }] }));
  const suite = await N8nSuite.start();
  try {
    const stablecog = stablecogCredential('demoAgentSc01', ctx.token, ctx.apiUrl);
    const openAi = openAiCredential('demoAgentModel1', model.baseUrl);
    await suite.importCredentials([stablecog, openAi]);
    const tool = stablecogTool(
      'Generate image',
      {
        resource: 'image',
        operation: 'generate',
        prompt: "={{ $fromAI('prompt', 'What the image should show', 'string') }}",
        options: { numOutputs: 1, width: 512, height: 512 },
      },
      stablecog,
    );
    await suite.importWorkflows([agentWorkflow('demoAgent', ask, openAi, [tool])]);
    const execution = await suite.executeOk('demoAgent');
    const offered = model.offeredTools()[0]!;
    console.log(`  the model was offered ${offered.name}: "${offered.description}"`);
    const call = model.requests.map((r) => r.body?.messages?.find((m: any) => m.tool_calls)).find(Boolean)?.tool_calls?.[0];
    console.log(`  the model called   ${call?.function?.name}(${call?.function?.arguments})`);
    const [result] = model.toolResults();
    console.log(`  and got back (${bytes(result?.content ?? '')}): ${result?.content}`);
    const answer = execution.items('AI Agent')[0]?.json.output;
    console.log(`  the agent answered: ${String(answer).slice(0, 200)}`);
    console.log(`  ${execution.status} in ${(execution.processMs / 1000).toFixed(1)} s with n8n's start-up`);
  } finally {
    suite.dispose();
    await model.close();
  }
}
