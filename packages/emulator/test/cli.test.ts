import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { DEMO_TOKENS } from '../src';
import { checkContract, headersObject, type ApiResponse } from './helpers/harness';

const TSX = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
const CLI = path.resolve(__dirname, '../src/cli.ts');

/** Starts the bin and resolves with everything it printed once the demo tokens are out. */
function startCli(args: string[]): Promise<{ child: ChildProcess; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no banner within 20 s:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Try: curl')) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${output}`));
    });
  });
}

describe('stablecog-emulator (bin)', () => {
  test('prints its URLs and the fixed demo tokens, and serves them', async () => {
    const { child, output } = await startCli(['--port', '0', '--latency-ms', '0']);
    try {
      const api = /API\s+(http:\/\/\S+)/.exec(output)![1];
      expect(output).toMatch(/CDN\s+http:\/\/127\.0\.0\.1:\d+/);
      expect(output).toMatch(/control\s+http:\/\/127\.0\.0\.1:\d+/);
      for (const token of Object.values(DEMO_TOKENS)) expect(output).toContain(token);
      const res = await fetch(`${api}/v1/credits`, { headers: { Authorization: `Bearer ${DEMO_TOKENS.ultimate}` } });
      const response: ApiResponse = { status: res.status, headers: headersObject(res.headers), text: await res.text(), json: undefined };
      checkContract('GET', '/v1/credits', response);
      expect(JSON.parse(response.text).total_remaining_credits).toBe(10000);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);

  test('refuses a bad port with the usage', async () => {
    await expect(startCli(['--port', 'eighty'])).rejects.toThrow(/--port must be a whole number/);
  }, 30_000);
});
