import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { repoRoot } from '../tools/repo';

/** `stablecog mcp --http 0`, running. */
export interface McpHttpProcess {
  /** `http://127.0.0.1:<port>/mcp`. */
  url: string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Stops it (SIGTERM to its process id) and waits for its exit. */
  stop(): Promise<void>;
}

/** The built CLI of packages/client (build it first). */
export const STABLECOG_CLI = path.join(repoRoot, 'packages', 'client', 'bin', 'stablecog.js');

/** Starts the MCP server over Streamable HTTP on a free loopback port, with the token in its environment only. */
export async function startMcpHttp(env: { token: string; apiUrl: string }): Promise<McpHttpProcess> {
  const child: ChildProcess = spawn(process.execPath, [STABLECOG_CLI, 'mcp', '--http', '0'], {
    env: { PATH: process.env.PATH, STABLECOG_API_TOKEN: env.token, STABLECOG_API_URL: env.apiUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`stablecog mcp exited (${code}): ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(child.pid!, 'SIGTERM');
      }),
  };
}

/** An SDK client connected over stdio to `stablecog mcp` (the built CLI as a child process). */
export async function connectMcpStdio(env: { token: string; apiUrl: string }): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [STABLECOG_CLI, 'mcp'],
    // The SDK passes the child only HOME, PATH and a few others: the token must be given here.
    env: { STABLECOG_API_TOKEN: env.token, STABLECOG_API_URL: env.apiUrl },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'stablecog-testkit', version: '0' });
  await client.connect(transport);
  return client;
}
