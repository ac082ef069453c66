/** The `stablecog` command, run in-process against the emulator (and once as the built binary). */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { downloadImage, Stablecog } from '../../src';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/program';
import { useEmulator } from '../helpers/emulator';

const h = useEmulator();

async function cli(args: string[], options: { token?: string | null; tty?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const cwd = mkdtempSync(path.join(tmpdir(), 'stablecog-cli-'));
  const io: CliIo = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    errIsTTY: options.tty ?? false,
    env: { STABLECOG_API_URL: h.emulator.url, ...(options.token === null ? {} : { STABLECOG_API_TOKEN: options.token ?? h.token }) },
    cwd,
    createClient: (o) => new Stablecog({ ...o, sleep: async () => undefined }),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr, cwd };
}

describe('stablecog generate', () => {
  it('generates, downloads the JPEGs into --out without the token, and prints what it did', async () => {
    const run = await cli(['generate', 'a', 'paper', 'boat', '-n', '2', '-W', '256', '-H', '256', '--seed', '77', '--out', 'images']);
    expect(run.code).toBe(0);
    const files = readdirSync(path.join(run.cwd, 'images'));
    expect(files).toHaveLength(2);
    for (const file of files) expect([...readFileSync(path.join(run.cwd, 'images', file)).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(run.stdout).toMatch(/^Generated 2 image\(s\) in \d+\.\d s \(seed 77, 998 credits left\)\n/);
    expect(run.stdout).toContain(path.join(run.cwd, 'images'));
    expect(run.stderr).toBe('Generating 2 image(s)…\n');
    const cdn = h.emulator.control.requests({ origin: 'cdn' });
    expect(cdn).toHaveLength(2);
    expect(cdn.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(h.emulator.control.requests({ origin: 'api' })[0]?.headers.authorization).toBe(`Bearer ${h.token}`);
  });

  it('prints JSON with --json, and redraws one progress line on a terminal', async () => {
    const run = await cli(['generate', 'a kite', '-n', '1', '--json'], { tty: true });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.outputs).toHaveLength(1);
    expect(result.settings.seed).toEqual(expect.any(Number));
    expect(run.stderr).toMatch(/^\r\x1b\[2KGenerating 1 image\(s\)… 0 s/);
    expect(run.stderr.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('uploads a local init image first', async () => {
    const { outputs } = await h.client().images.generate({ prompt: 'src', num_outputs: 1, width: 256, height: 256 });
    const run0 = await cli(['credits']);
    const file = path.join(run0.cwd, 'init.jpg');
    writeFileSync(file, (await downloadImage(outputs[0]!.url)).data);
    const run = await cli(['generate', 'from a file', '-n', '1', '--init-image', file, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).settings.init_image_url).toMatch(/^s3:\/\//);
  });
});

describe('other commands', () => {
  it('upscales an output id and a local file', async () => {
    const { outputs } = await h.client().images.generate({ prompt: 'x', num_outputs: 1, width: 256, height: 256 });
    const byId = await cli(['upscale', outputs[0]!.id, '--out', '.']);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toMatch(/^Upscaled in/);
    expect(readdirSync(byId.cwd).filter((f) => f.endsWith('.jpeg'))).toHaveLength(1);
    const file = path.join(byId.cwd, 'me.jpg');
    writeFileSync(file, (await downloadImage(outputs[0]!.url)).data);
    const byFile = await cli(['upscale', file, '--json']);
    expect(byFile.code).toBe(0);
    expect(JSON.parse(byFile.stdout).outputs[0].upscaled_image_url).toBeTruthy();
  });

  it('lists outputs (one page, every page, or a lost generate by seed)', async () => {
    const client = h.client();
    await client.images.generate({ prompt: 'first', num_outputs: 2, seed: 1 });
    const since = new Date().toISOString();
    await client.images.generate({ prompt: 'second', num_outputs: 1, seed: 2 });
    const page = await cli(['outputs', '--per-page', '2']);
    expect(page.code).toBe(0);
    expect(page.stdout.split('\n').filter((l) => l.includes('seed '))).toHaveLength(2);
    expect(page.stdout).toMatch(/More: stablecog outputs --cursor '.+Z'\n$/);
    const all = await cli(['outputs', '--all', '--per-page', '1', '--json']);
    expect(JSON.parse(all.stdout)).toHaveLength(3);
    const found = await cli(['outputs', '--since', since, '--seed', '2', '--prompt', 'second', '--json']);
    expect(JSON.parse(found.stdout).map((o: { generation: { seed: number } }) => o.generation.seed)).toEqual([2]);
  });

  it('shows credits and models (models need no token)', async () => {
    expect((await cli(['credits'])).stdout).toMatch(/^1000 credits\n/);
    const models = await cli(['models'], { token: null });
    expect(models.code).toBe(0);
    expect(models.stdout).toMatch(/\(default\)/);
    expect(models.stdout).toMatch(/scheduler /);
    expect(JSON.parse((await cli(['models', '--upscale', '--json'])).stdout)[0].name).toEqual(expect.any(String));
  });
});

describe('mistakes', () => {
  it('exits 2 with a clear message for bad flags, bad values, a missing token or file', async () => {
    const unknown = await cli(['generate', 'x', '--wdth', '5']);
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain("unknown option '--wdth'");
    const bad = await cli(['generate', 'x', '--width', 'wide']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Error: width: must be a number (got "wide")\nHint: ');
    const missing = await cli(['credits'], { token: null });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('STABLECOG_API_TOKEN is not set');
    expect((await cli(['upscale', 'nope.png'])).stderr).toContain('"nope.png" is not an output id, a URL, an s3:// object or a readable file.');
    expect((await cli(['outputs', '--seed', '3'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect(h.emulator.control.requests()).toEqual([]);
  });

  it('exits 1 with what happened and how to fix it when the API refuses, JSON too with --json', async () => {
    h.emulator.control.setCredits(h.token, 0);
    const run = await cli(['generate', 'x', '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Error: The account does not have enough credits.*\nHint: /);
    expect(JSON.parse(run.stdout).error).toMatchObject({ name: 'InsufficientCreditsError', code: 'insufficient_credits' });
    expect(run.stdout + run.stderr).not.toContain(h.token);
  });

  it('tells how to find a generate that was lost in transit', async () => {
    h.emulator.control.injectFaults([{ route: 'generate', kind: 'drop', times: 1 }]);
    const run = await cli(['generate', 'a lost kite', '--seed', '31']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Find it later: stablecog outputs --since \S+Z --seed 31 --prompt "a lost kite"/);
  });
});

const built = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
(existsSync(built) ? it : it.skip)('runs as the built binary (shebang, env, exit code)', async () => {
  expect(readFileSync(built, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, [built, 'credits', '--json'], {
    env: { ...process.env, STABLECOG_API_URL: h.emulator.url, STABLECOG_API_TOKEN: h.token },
  });
  expect(JSON.parse(stdout).total_remaining_credits).toBe(1000);
  const failed = await run(process.execPath, [built, 'generate'], { env: { ...process.env, STABLECOG_API_TOKEN: '' } }).catch((e: { code: number; stderr: string }) => e);
  expect(failed).toMatchObject({ code: 2 });
});
