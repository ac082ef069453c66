/**
 * The scripted model itself, spoken to over HTTP as an OpenAI client would: plain and streamed
 * chat completions, the Responses API, and the request log the agent suites read.
 */
import { inOrder, startScriptedModel, type ScriptedModel } from '@stablecog/testkit/agents';

let model: ScriptedModel;
beforeAll(async () => {
  model = await startScriptedModel(inOrder({ calls: [{ tool: /generate/i, arguments: { prompt: 'a fox' } }] }));
});
afterAll(() => model?.close());

const tools = [{ type: 'function', function: { name: 'Generate_image', parameters: { type: 'object' } } }];
const post = (path: string, body: unknown) =>
  fetch(`${model.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

it('answers a chat completion with the scripted tool call, then with text once the tool answered', async () => {
  const user = { role: 'user', content: 'draw' };
  const first = await (await post('/chat/completions', { model: 'm', messages: [user], tools })).json();
  const call = first.choices[0].message.tool_calls[0];
  expect(first.choices[0].finish_reason).toBe('tool_calls');
  expect(call.function).toEqual({ name: 'Generate_image', arguments: '{"prompt":"a fox"}' });

  const messages = [user, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: '{"ok":1}' }];
  const second = await (await post('/chat/completions', { model: 'm', messages, tools })).json();
  expect(second.choices[0].message.content).toBe('Done. The tool said: {"ok":1}');
  expect(model.toolResults('draw')).toEqual([{ callId: call.id, name: 'Generate_image', content: '{"ok":1}' }]);
});

it('streams the same tool call as SSE chunks, with a usage chunk when asked, then [DONE]', async () => {
  const response = await post('/chat/completions', {
    model: 'm',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'stream it' }],
    tools,
  });
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const events = (await response.text()).split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
  expect(events.at(-1)).toBe('[DONE]');
  const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
  const deltas = chunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
  expect(deltas[0].function.name).toBe('Generate_image');
  expect(deltas.map((d: any) => d.function.arguments).join('')).toBe('{"prompt":"a fox"}');
  expect(chunks.some((c) => c.choices[0]?.finish_reason === 'tool_calls')).toBe(true);
  expect(chunks.at(-1).usage).toBeDefined();
});

it('speaks the Responses API too (n8n’s OpenAI Chat Model 1.3 default), and records every request', async () => {
  const body = await (
    await post('/responses', { model: 'm', input: [{ type: 'message', role: 'user', content: 'responses' }], tools: [{ type: 'function', name: 'Generate_image' }] })
  ).json();
  expect(body.output[0]).toMatchObject({ type: 'function_call', name: 'Generate_image', arguments: '{"prompt":"a fox"}' });
  expect(model.requests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions', '/v1/chat/completions', '/v1/responses']);
});
