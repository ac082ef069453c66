/**
 * A scripted stand-in for an OpenAI model, for tests only: the chat-completions API (plain or
 * streamed) and the Responses API, as n8n's OpenAI Chat Model node calls them at a custom Base URL,
 * on 127.0.0.1. It answers from a script (tool calls, then text) and records every request, so a
 * test can read exactly what an agent sent the model: the tools it offered and the tool results.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tool call the model makes: `tool` is the exact name or a pattern over the offered tools. */
export interface ScriptedCall {
  tool: string | RegExp;
  arguments: Record<string, unknown>;
}

/** One model turn: call tools, or answer with text. */
export type ModelTurn = { calls: ScriptedCall[] } | { text: string };

/** What the script sees of a request: the offered tools and the conversation so far. */
export interface ModelRequest {
  /** The first user message (tells a test's runs apart). */
  userText: string;
  /** The names of the tools offered. */
  tools: string[];
  /** Tool results so far, oldest first. */
  toolResults: ToolResult[];
  /** How many tool-calling turns the model has already taken in this conversation. */
  turn: number;
}

/** A tool result as the model received it. */
export interface ToolResult {
  callId: string;
  /** The tool's name (from the call it answers). */
  name: string;
  content: string;
}

/** Picks the next turn; by default, the script's turns in order, then text quoting the last result. */
export type ModelScript = (request: ModelRequest) => ModelTurn;

/** One request as received. */
export interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  /** The raw body, byte for byte. */
  raw: string;
}

export interface ScriptedModel {
  /** The Base URL to configure (`http://127.0.0.1:<port>/v1`). */
  baseUrl: string;
  readonly requests: RecordedRequest[];
  /** The tool results of the latest conversation (or of the one whose user message contains `userText`). */
  toolResults(userText?: string): ToolResult[];
  /** The tools offered in the first request (name, description, JSON Schema). */
  offeredTools(): Array<{ name: string; description?: string; parameters?: any }>;
  close(): Promise<void>;
}

/** Turns in order (one per model request that follows a tool result), then a closing text. */
export function inOrder(...turns: ModelTurn[]): ModelScript {
  return (request) => turns[request.turn] ?? closing(request);
}

/** A script per run, chosen by the first user message. */
export function byUserText(scripts: Record<string, ModelScript>): ModelScript {
  return (request) => {
    const script = Object.entries(scripts).find(([marker]) => request.userText.includes(marker))?.[1];
    if (!script) throw new Error(`no script for the user message ${JSON.stringify(request.userText)}`);
    return script(request);
  };
}

function closing(request: ModelRequest): ModelTurn {
  const last = request.toolResults.at(-1);
  return { text: last ? `Done. The tool said: ${last.content}` : 'Done.' };
}

/** Starts the model on 127.0.0.1 (a free port). */
export async function startScriptedModel(script: ModelScript): Promise<ScriptedModel> {
  const requests: RecordedRequest[] = [];
  let turnNumber = 0;

  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const body = raw ? JSON.parse(raw) : undefined;
        requests.push({ path, headers: req.headers, body, raw });
        if (req.method === 'GET' && path === '/v1/models') return send(res, { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'test' }] });
        if (path === '/v1/chat/completions') return chat(res, body, script(chatRequest(body)), ++turnNumber);
        if (path === '/v1/responses') return send(res, responsesAnswer(body, script(responsesRequest(body)), ++turnNumber));
        send(res, { error: { message: `no route ${req.method} ${path}` } }, 404);
      })
      .catch((err: unknown) => send(res, { error: { message: String(err) } }, 500));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const parse = (body: any) => (body.messages ? chatRequest(body) : responsesRequest(body));
  const lastBody = (userText = '') =>
    [...requests].reverse().find((r) => r.path !== '/v1/models' && parse(r.body).userText.includes(userText))?.body;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    toolResults: (userText) => {
      const body = lastBody(userText);
      return body ? parse(body).toolResults : [];
    },
    offeredTools: () => {
      const tools = (requests.find((r) => r.path !== '/v1/models')?.body?.tools ?? []) as any[];
      return tools.map((t) => (t.function ? t.function : t));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function chatRequest(body: any): ModelRequest {
  const messages = (body?.messages ?? []) as any[];
  const names = new Map<string, string>();
  for (const m of messages) for (const call of m.tool_calls ?? []) names.set(call.id, call.function?.name);
  return {
    userText: text(messages.find((m) => m.role === 'user')?.content),
    tools: ((body?.tools ?? []) as any[]).map((t) => t.function?.name),
    toolResults: messages
      .filter((m) => m.role === 'tool')
      .map((m) => ({ callId: m.tool_call_id, name: names.get(m.tool_call_id) ?? '?', content: text(m.content) })),
    turn: messages.filter((m) => m.role === 'assistant' && m.tool_calls?.length).length,
  };
}

function responsesRequest(body: any): ModelRequest {
  const input = (Array.isArray(body?.input) ? body.input : [{ role: 'user', content: body?.input }]) as any[];
  const names = new Map<string, string>();
  for (const item of input) if (item.type === 'function_call') names.set(item.call_id, item.name);
  return {
    userText: text(input.find((i) => i.role === 'user')?.content),
    tools: ((body?.tools ?? []) as any[]).map((t) => t.name),
    toolResults: input
      .filter((i) => i.type === 'function_call_output')
      .map((i) => ({ callId: i.call_id, name: names.get(i.call_id) ?? '?', content: text(i.output) })),
    turn: new Set([...names.keys()].map((id) => id.replace(/_\d+$/, ''))).size,
  };
}

/** Message content as text (a string, or an array of text parts). */
function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
  return content === undefined || content === null ? '' : JSON.stringify(content);
}

/** The offered tool a scripted call means. */
function toolName(call: ScriptedCall, offered: string[]): string {
  if (typeof call.tool === 'string') return call.tool;
  const name = offered.find((n) => (call.tool as RegExp).test(n));
  if (!name) throw new Error(`no offered tool matches ${call.tool} (offered: ${offered.join(', ')})`);
  return name;
}

const USAGE = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

function chat(res: ServerResponse, body: any, turn: ModelTurn, n: number): void {
  const offered = chatRequest(body).tools;
  const toolCalls =
    'calls' in turn
      ? turn.calls.map((call, i) => ({
          id: `call_${n}_${i}`,
          type: 'function',
          function: { name: toolName(call, offered), arguments: JSON.stringify(call.arguments) },
        }))
      : undefined;
  const message = toolCalls ? { role: 'assistant', content: null, tool_calls: toolCalls } : { role: 'assistant', content: (turn as { text: string }).text };
  const finish = toolCalls ? 'tool_calls' : 'stop';
  const base = { id: `chatcmpl-${n}`, created: Math.floor(Date.now() / 1000), model: body?.model ?? 'gpt-4o-mini' };
  if (!body?.stream) {
    return send(res, { ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage: USAGE });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`);
  if (toolCalls) {
    toolCalls.forEach((call, index) => {
      chunk([{ index: 0, delta: { ...(index === 0 ? { role: 'assistant', content: null } : {}), tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, finish_reason: null }]);
      chunk([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: call.function.arguments } }] }, finish_reason: null }]);
    });
  } else {
    chunk([{ index: 0, delta: { role: 'assistant', content: message.content }, finish_reason: null }]);
  }
  chunk([{ index: 0, delta: {}, finish_reason: finish }]);
  if (body.stream_options?.include_usage) chunk([], { usage: USAGE });
  res.end('data: [DONE]\n\n');
}

function responsesAnswer(body: any, turn: ModelTurn, n: number): unknown {
  const offered = responsesRequest(body).tools;
  const output =
    'calls' in turn
      ? turn.calls.map((call, i) => ({
          type: 'function_call',
          id: `fc_${n}_${i}`,
          call_id: `call_${n}_${i}`,
          name: toolName(call, offered),
          arguments: JSON.stringify(call.arguments),
          status: 'completed',
        }))
      : [{ type: 'message', id: `msg_${n}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: turn.text, annotations: [] }] }];
  return {
    id: `resp_${n}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    model: body?.model ?? 'gpt-4o-mini',
    output,
    usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
  };
}

function send(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
