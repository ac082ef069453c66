/** Workflow builders for n8n's AI Agent: a Manual Trigger, the Agent, an OpenAI Chat Model and tools. */
import type { CredentialFile, WorkflowFile } from '../n8n/harness';
import type { NodeSpec } from '../n8n/workflow';

/** n8n's OpenAI credential pointed at a scripted model's Base URL. */
export function openAiCredential(id: string, baseUrl: string): CredentialFile {
  return { id, name: `Scripted model ${id}`, type: 'openAiApi', data: { apiKey: 'sk-scripted-model', url: baseUrl } };
}

/** The Stablecog node as an agent tool (`stablecogTool`, the type n8n derives from `usableAsTool`). */
export function stablecogTool(name: string, parameters: Record<string, unknown>, credential: CredentialFile): NodeSpec {
  return { name, type: 'n8n-nodes-stablecog.stablecogTool', typeVersion: 1, parameters, credentials: { stablecogApi: { id: credential.id, name: credential.name } } };
}

/** n8n's MCP Client Tool on a Streamable HTTP endpoint, every tool included. */
export function mcpClientTool(name: string, endpointUrl: string): NodeSpec {
  return {
    name,
    type: '@n8n/n8n-nodes-langchain.mcpClientTool',
    typeVersion: 1.2,
    parameters: { endpointUrl, serverTransport: 'httpStreamable', include: 'all', options: { timeout: 120_000 } },
  };
}

/**
 * Manual Trigger → AI Agent asked `userText`, with the OpenAI Chat Model (chat-completions API, not
 * the Responses API that version 1.3 defaults to) on `model` and `tools` attached.
 */
export function agentWorkflow(id: string, userText: string, model: CredentialFile, tools: NodeSpec[]): WorkflowFile {
  const nodes: NodeSpec[] = [
    { name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1 },
    { name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 3.1, parameters: { promptType: 'define', text: userText, options: {} } },
    {
      name: 'OpenAI Chat Model',
      type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
      typeVersion: 1.3,
      parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, responsesApiEnabled: false, options: {} },
      credentials: { openAiApi: { id: model.id, name: model.name } },
    },
    ...tools,
  ];
  const to = (type: string) => [[{ node: 'AI Agent', type, index: 0 }]];
  const connections: Record<string, unknown> = {
    Manual: { main: to('main') },
    'OpenAI Chat Model': { ai_languageModel: to('ai_languageModel') },
  };
  for (const tool of tools) connections[tool.name] = { ai_tool: to('ai_tool') };
  return {
    id,
    name: id,
    nodes: nodes.map((node, i) => ({ id: `${id}-${i}`, position: [i * 220, 0], parameters: {}, ...node })),
    connections,
    settings: { executionOrder: 'v1' },
  };
}
