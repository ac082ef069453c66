/**
 * The MCP server with the SDK's own Client, against the emulator: in memory, over stdio (the built
 * CLI as a child process) and over Streamable HTTP (`stablecog mcp --http 0`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createMcpServer, type McpServerOptions } from '../../src/mcp';
import { eventually, useEmulator } from '../helpers/emulator';

const h = useEmulator();
const CLI = path.join(__dirname, '../../bin/stablecog.js');
const CREATE = '/v1/image/generation/create';

/** An SDK client connected in memory to a server over a client for this test's account. */
async function inMemory(options: McpServerOptions = {}): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(h.client({ maxRetries: 0 }), options).connect(serverSide);
  const client = new Client({ name: 'test', version: '0' });
  await client.connect(clientSide);
  return client;
}

const text = (result: unknown): string =>
  (result as CallToolResult).content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');
const json = (result: unknown) => JSON.parse((result as CallToolResult).content[0]!.type === 'text' ? text(result).split('\n')[0]! : '');
const creates = () => h.emulator.control.requests().filter((r) => r.path === CREATE);
const charges = () => h.emulator.control.ledger().filter((e) => e.kind === 'charge');

describe('MCP tools (in memory)', () => {
  it('lists six tools: bounds from the core schemas, paid ones not read-only nor idempotent', async () => {
    const { tools } = await (await inMemory()).listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['find_outputs', 'generate_image', 'get_credits', 'list_models', 'list_outputs', 'upscale_image']);
    const generate = tools.find((t) => t.name === 'generate_image')!;
    expect(generate.inputSchema.required).toEqual(['prompt']);
    expect(generate.inputSchema.properties!.width).toMatchObject({ type: 'integer', minimum: 256, maximum: 1536 });
    expect(generate.inputSchema.properties!.num_outputs).toMatchObject({ type: 'integer', minimum: 1, maximum: 4 });
    expect(generate.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: false });
    expect(generate.description).toMatch(/1 credit per image.*do NOT call it again/s);
    for (const name of ['find_outputs', 'list_outputs', 'get_credits', 'list_models']) {
      expect(tools.find((t) => t.name === name)!.annotations).toMatchObject({ readOnlyHint: true });
    }
  });

  it('generate_image: one create, one charge, compact JSON with ids, URLs, seed and credits left', async () => {
    const result = await (await inMemory()).callTool({ name: 'generate_image', arguments: { prompt: 'a red fox in the snow', num_outputs: 2, width: 512, height: 512 } });
    expect(result.isError).toBeFalsy();
    const body = json(result);
    expect(body).toMatchObject({ prompt: 'a red fox in the snow', seed: expect.any(Number), width: 512, credits_spent: 2, remaining_credits: 998 });
    expect(body.images).toHaveLength(2);
    expect(body.images[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\.jpeg$/);
    expect(creates()).toHaveLength(1);
    expect(charges().map((c) => c.amount)).toEqual([2]);
    expect(new Set(charges()[0]!.outputIds)).toEqual(new Set(body.images.map((i: { id: string }) => i.id)));
    expect(Buffer.byteLength(text(result))).toBeLessThan(1024);
  });

  it('returns the images themselves only when asked, each a real JPEG', async () => {
    const result = (await (await inMemory()).callTool({ name: 'generate_image', arguments: { prompt: 'a kite', num_outputs: 1, include_images: true } })) as CallToolResult;
    const image = result.content.find((block) => block.type === 'image');
    expect(image).toMatchObject({ type: 'image', mimeType: 'image/jpeg' });
    expect([...Buffer.from((image as { data: string }).data, 'base64').subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('refuses bad input before sending, naming the field, at no cost', async () => {
    const client = await inMemory();
    const tooWide = await client.callTool({ name: 'generate_image', arguments: { prompt: 'x', width: 2048 } });
    expect(tooWide.isError).toBe(true);
    expect(text(tooWide)).toMatch(/width/);
    const tooBig = await client.callTool({ name: 'generate_image', arguments: { prompt: 'x', width: 1536, height: 1536 } });
    expect(tooBig.isError).toBe(true);
    expect(text(tooBig)).toMatch(/^Refused before sending, nothing was charged: width: width × height × inference_steps must be at most/);
    const noPrompt = await client.callTool({ name: 'generate_image', arguments: { prompt: '   ' } });
    expect(text(noPrompt)).toMatch(/Invalid arguments for tool generate_image: .* at prompt/); // the SDK checks the JSON Schema first
    expect(h.emulator.control.requests()).toEqual([]);
    expect(h.emulator.control.ledger()).toEqual([]);
  });

  it('a lost create is sent once, charged once, and its error gives find_outputs the arguments that recover it', async () => {
    const client = await inMemory();
    h.emulator.control.injectFaults([{ route: 'generate', kind: 'drop', times: 1 }]);
    const lost = await client.callTool({ name: 'generate_image', arguments: { prompt: 'a lost lantern', num_outputs: 2 } });
    expect(lost.isError).toBe(true);
    expect(text(lost)).toMatch(/answer was lost \(seed \d+\).*Do not call generate_image again.*find_outputs with \{/s);
    await eventually(() => expect(creates().map((r) => r.status)).toEqual([0]));
    expect(charges()).toHaveLength(1);

    const recover = JSON.parse(/find_outputs with (\{.*?\}) to get them/.exec(text(lost))![1]!);
    const found = json(await client.callTool({ name: 'find_outputs', arguments: recover }));
    expect(found.outputs.map((o: { id: string }) => o.id).sort()).toEqual([...charges()[0]!.outputIds!].sort());
    expect(creates()).toHaveLength(1);
  });

  it('sends progress while a create blocks, and a cancel reaches the request', async () => {
    h.emulator.control.configure({ latencyMs: 1500 });
    const client = await inMemory({ heartbeatMs: 200 });
    const beats: number[] = [];
    await client.callTool({ name: 'generate_image', arguments: { prompt: 'slow', num_outputs: 1 } }, undefined, {
      onprogress: (p) => void beats.push(p.progress),
    });
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats).toEqual(beats.map((_, i) => i + 1));

    const abort = new AbortController();
    const call = client.callTool({ name: 'generate_image', arguments: { prompt: 'cancelled', num_outputs: 1 } }, undefined, { signal: abort.signal });
    await eventually(() => expect(h.emulator.control.usage(h.token).generate).toBe(1), 5000); // the create is running
    abort.abort('user stopped it');
    await expect(call).rejects.toThrow(/user stopped it|cancel|abort/i);
    await eventually(() => expect(creates().map((r) => r.status)).toEqual([200, 0]), 5000); // closed, not answered
    expect(charges()).toHaveLength(2); // the server never cancels a create: it still costs
  }, 20_000);

  it('free tools: credits, models, list and search', async () => {
    const client = await inMemory();
    expect(json(await client.callTool({ name: 'get_credits', arguments: {} }))).toEqual({ remaining_credits: 1000 });
    const models = json(await client.callTool({ name: 'list_models', arguments: {} }));
    expect(models.generation.length).toBeGreaterThan(0);
    expect(models.upscale.length).toBeGreaterThan(0);
    await client.callTool({ name: 'generate_image', arguments: { prompt: 'a blue whale', num_outputs: 1 } });
    const listed = json(await client.callTool({ name: 'list_outputs', arguments: { per_page: 5 } }));
    expect(listed.outputs).toHaveLength(1);
    expect(listed.outputs[0]).toMatchObject({ prompt: 'a blue whale', url: expect.stringMatching(/\.jpeg$/) });
    const searched = json(await client.callTool({ name: 'find_outputs', arguments: { search: 'whale' } }));
    expect(searched.outputs.length).toBeGreaterThanOrEqual(0);
    const nothing = await client.callTool({ name: 'find_outputs', arguments: {} });
    expect(text(nothing)).toMatch(/Give search .* or since/);
  });
});

/** Children started by a test; whatever a test leaves running (a hung test does) is killed after it. */
const started = new Set<ChildProcess>();
afterEach(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
  started.clear();
});

/** Starts `stablecog mcp` with the test account's token in its environment. */
function startCli(args: string[]): { child: ChildProcess; stderr: () => string; url: Promise<string> } {
  const child = spawn(process.execPath, [CLI, 'mcp', ...args], {
    env: { PATH: process.env.PATH, STABLECOG_API_TOKEN: h.token, STABLECOG_API_URL: h.emulator.url },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  started.add(child);
  let stderr = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`stablecog mcp exited (${code}): ${stderr}`)));
  });
  return { child, stderr: () => stderr, url };
}

/** Stops the server as a user does (SIGTERM, by process id) and waits until it has exited. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(child.pid!, 'SIGTERM');
  });
}

describe('stablecog mcp (the built CLI)', () => {
  it('over stdio: one generate, one charge; the token nowhere in results or stderr', async () => {
    let stderr = '';
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp'],
      env: { STABLECOG_API_TOKEN: h.token, STABLECOG_API_URL: h.emulator.url },
      stderr: 'pipe',
    });
    transport.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const client = new Client({ name: 'test', version: '0' });
    await client.connect(transport);
    try {
      const results = [
        await client.callTool({ name: 'generate_image', arguments: { prompt: 'a lighthouse', num_outputs: 1 } }),
        await client.callTool({ name: 'generate_image', arguments: { prompt: 'x', num_outputs: 9 } }),
        await client.callTool({ name: 'get_credits', arguments: {} }),
      ];
      expect(json(results[0]).images).toHaveLength(1);
      expect(text(results[1])).toMatch(/num_outputs/);
      expect(json(results[2])).toEqual({ remaining_credits: 999 });
      expect(charges()).toHaveLength(1);
      expect(JSON.stringify(results) + stderr).not.toContain(h.token);
    } finally {
      await client.close();
    }
    expect(stderr).toBe('Stablecog MCP server on stdio\n');
  }, 20_000);

  it('over Streamable HTTP on loopback: one generate, one charge; other Host names refused', async () => {
    const server = startCli(['--http', '0']);
    try {
      const url = await server.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const client = new Client({ name: 'test', version: '0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      const result = await client.callTool({ name: 'generate_image', arguments: { prompt: 'a harbour at night', num_outputs: 1 } });
      expect(json(result).images).toHaveLength(1);
      expect(charges()).toHaveLength(1);
      expect(JSON.stringify(result) + server.stderr()).not.toContain(h.token);
      await client.close();

      // The options-only form: zapier-platform-core (loaded by other suites of the same jest process)
      // patches http.request and drops the callback of the (url, options, callback) form.
      const { hostname, port, pathname } = new URL(url);
      const rebound = await new Promise<number>((resolve, reject) => {
        const headers = { host: 'evil.example', 'content-type': 'application/json' };
        const req = request({ hostname, port, path: pathname, method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.once('error', reject);
        req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }));
      });
      expect(rebound).toBe(403);
    } finally {
      await stop(server.child);
    }
  }, 20_000);

  it('without a token, says how to set it and exits', async () => {
    const child = spawn(process.execPath, [CLI, 'mcp'], { env: { PATH: process.env.PATH }, stdio: ['pipe', 'pipe', 'pipe'] });
    started.add(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/STABLECOG_API_TOKEN is not set/);
  });
});
