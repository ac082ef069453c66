/** The `stablecog` command, run in-process against the emulator (and once as the built binary). */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CONTENT_MARKERS } from '@stablecog/emulator';
import { downloadImage, Stablecog } from '../../src';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/program';
import { useEmulator } from '../helpers/emulator';

const h = useEmulator();

/** The words a POSIX shell makes of a printed command line (so quoting is tested by a real sh). */
function shellWords(commandLine: string): string[] {
  const out = execFileSync('sh', ['-c', `set -- ${commandLine}; printf '%s\\0' "$@"`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

/** The command printed on the line after `label` (hints put it indented on its own line). */
function printedCommand(text: string, label: RegExp): string {
  const line = text.split('\n').find((l, i, all) => label.test(all[i - 1] ?? '') && l.trimStart().startsWith('stablecog '));
  if (!line) throw new Error(`no command printed after ${label} in:\n${text}`);
  return line.trim();
}

async function cli(args: string[], options: { token?: string | null; tty?: boolean; cwd?: string; apiUrl?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const cwd = options.cwd ?? mkdtempSync(path.join(tmpdir(), 'stablecog-cli-'));
  const io: CliIo = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    errIsTTY: options.tty ?? false,
    env: {
      STABLECOG_API_URL: options.apiUrl ?? h.emulator.url,
      ...(options.token === null ? {} : { STABLECOG_API_TOKEN: options.token ?? h.token }),
    },
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
    expect(run.stdout).toMatch(/^Generated 2 images in \d+\.\d s \(seed 77, 998 credits left\)\n/);
    expect(run.stdout).toContain(`Saved 2 images:\n  ${path.join(run.cwd, 'images')}`);
    expect(run.stderr).toBe('Generating 2 images…\n');
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
    expect(run.stderr).toMatch(/^\r\x1b\[2KGenerating 1 image… 0 s/);
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
    expect(page.stdout).toMatch(/More: stablecog outputs --per-page 2 --cursor \S+Z\n$/);
    const all = await cli(['outputs', '--all', '--per-page', '1', '--json']);
    expect(JSON.parse(all.stdout)).toHaveLength(3);
    const found = await cli(['outputs', 'find', '--since', since, '--seed', '2', '--prompt', 'second', '--json']);
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
    expect(bad.stderr).toContain('Error: --width: must be a number (got "wide")\nHint: ');
    const missing = await cli(['credits'], { token: null });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('STABLECOG_API_TOKEN is not set');
    expect((await cli(['upscale', 'nope.png'])).stderr).toContain('"nope.png" is not an output id, a URL, an s3:// object or a readable file.');
    expect((await cli(['outputs', 'find', '--seed', '3'])).code).toBe(2);
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
    expect(run.stderr).toMatch(/\n  stablecog outputs find --since \S+Z --seed 31 --prompt 'a lost kite'\n/);
  });
});

describe('nothing paid for is lost to a download (issue 11)', () => {
  const creates = () =>
    h.emulator.control.requests({ origin: 'api' }).filter((r) => r.path.endsWith('/create') && r.headers.authorization === `Bearer ${h.token}`);

  it('generate -n 2 --out with the image host unreachable: prints the paid result, tries every image, and the printed free download fetches them', async () => {
    h.emulator.control.injectFaults([{ route: 'cdn', kind: 'drop-before', times: 2 }]);
    const run = await cli(['generate', 'two', 'paper', 'boats', '-n', '2', '-W', '256', '-H', '256', '--seed', '5', '--out', 'images']);
    expect(run.code).toBe(1);
    const printed = /^Generated 2 images in \d+\.\d s \(seed 5, 998 credits left\)\n  (\S+)  (http\S+)\n  (\S+)  (http\S+)\n$/.exec(run.stdout);
    expect(printed).not.toBeNull();
    const [, id1, , id2] = printed!;
    expect(h.emulator.control.requests({ origin: 'cdn' })).toHaveLength(2); // both images attempted
    expect(run.stderr).toContain(`Error: 2 images were not saved:\n  ${id1}: Could not download`);
    expect(run.stderr).toContain(`\n  ${id2}: Could not download`);
    const command = printedCommand(run.stderr, /download them again at no cost/);
    expect(command).toBe(`stablecog download ${id1} ${id2} --out images`);

    const again = await cli(shellWords(command).slice(1), { cwd: run.cwd });
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(path.join(run.cwd, 'images')).sort()).toEqual([`${id1}.jpeg`, `${id2}.jpeg`].sort());
    expect(h.emulator.control.credits(h.token)).toBe(998); // charged once, for the generate
    expect(creates()).toHaveLength(1);
  });

  it('generate --json --out: the whole result with a download error per image', async () => {
    h.emulator.control.injectFaults([{ route: 'cdn', kind: 'drop-before', times: 1 }]);
    const run = await cli(['generate', 'a kite', '-n', '2', '-W', '256', '-H', '256', '--seed', '6', '--out', 'images', '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ remaining_credits: 998, settings: { seed: 6 } });
    expect(result.outputs).toHaveLength(2);
    const downloads = result.downloads as Array<{ name: string; file?: string; error?: { message: string; code: string } }>;
    expect(downloads.map((d) => d.name)).toEqual(result.outputs.map((o: { id: string }) => o.id));
    expect(downloads.filter((d) => d.file && existsSync(d.file))).toHaveLength(1);
    const failed = downloads.filter((d) => d.error);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatchObject({ code: 'network', message: expect.stringContaining('Could not download') });
    expect(printedCommand(run.stderr, /download them again at no cost/)).toBe(`stablecog download ${failed[0]!.name} --out images`);
  });

  it('upscale --out with the image host unreachable: prints the result and a free download of its URL', async () => {
    const { outputs } = await h.client().images.generate({ prompt: 'x', num_outputs: 1, width: 256, height: 256 });
    h.emulator.control.injectFaults([{ route: 'cdn', kind: 'drop-before', times: 1 }]);
    const run = await cli(['upscale', outputs[0]!.id, '--out', '.']);
    expect(run.code).toBe(1);
    const url = /^Upscaled in \d+\.\d s \(998 credits left\)\n  \S+  (http\S+)\n$/.exec(run.stdout)?.[1];
    expect(url).toBeDefined();
    const command = printedCommand(run.stderr, /download them again at no cost/);
    expect(command).toBe(`stablecog download ${url}`);
    const again = await cli(shellWords(command).slice(1), { cwd: run.cwd });
    expect(again.code).toBe(0);
    expect(readdirSync(run.cwd).filter((f) => f.endsWith('.jpeg'))).toHaveLength(1);
    expect(h.emulator.control.credits(h.token)).toBe(998);
  });

  it('download takes output ids (the original or --upscaled) and URLs, needs no token for URLs, and says which ids are not in the account', async () => {
    const { outputs } = await h.client().images.generate({ prompt: 'y', num_outputs: 1, width: 256, height: 256 });
    const id = outputs[0]!.id;
    const byUrl = await cli(['download', outputs[0]!.url, '--json'], { token: null });
    expect(byUrl.code).toBe(0);
    expect(JSON.parse(byUrl.stdout)[0].file).toMatch(/\.jpeg$/);
    const notYet = await cli(['download', '--upscaled', id]);
    expect(notYet.code).toBe(1);
    expect(notYet.stderr).toContain(`Error: ${id}: no upscaled image`);
    await h.client().images.upscale({ input: id });
    const upscaled = await cli(['download', '--upscaled', id, '-o', 'up']);
    expect(upscaled.code).toBe(0);
    expect(readdirSync(path.join(upscaled.cwd, 'up'))).toEqual([`${id}.jpeg`]);
    const unknown = await cli(['download', '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('not an output of this account');
    expect((await cli(['download', 'nope'])).code).toBe(2);
  });
});

describe('the content filter (issue 11)', () => {
  it('generate says how many images were asked, made and charged when the filter drops some', async () => {
    const run = await cli(['generate', `a beach ${CONTENT_MARKERS.filterOne}`, '-n', '2', '-W', '256', '-H', '256', '--seed', '3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Generated 1 of 2 images in \d+\.\d s \(seed 3, 998 credits left\)\nStablecog's content filter dropped 1 image; it charges for dropped images too \(2 credits for 1 image\)\.\n  \S+  http/,
    );
    const json = await cli(['generate', `a beach ${CONTENT_MARKERS.filterAll}`, '-n', '1', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ outputs: [], filtered: { asked: 1, made: 0, charged: 1 } });
  });
});

describe('an image of exactly 10 MiB (issue 11)', () => {
  it('is refused before it is sent, naming the flag or argument and the size that fits', async () => {
    const run0 = await cli(['models'], { token: null });
    const file = path.join(run0.cwd, 'big.jpg');
    const { outputs } = await h.client().images.generate({ prompt: 'src', num_outputs: 1, width: 256, height: 256 });
    const jpeg = (await downloadImage(outputs[0]!.url)).data;
    writeFileSync(file, Buffer.concat([jpeg, Buffer.alloc(10_485_760 - jpeg.byteLength)]));
    const before = h.emulator.control.requests({ origin: 'api' }).length;
    const generate = await cli(['generate', 'from a big file', '--init-image', file], { cwd: run0.cwd });
    expect(generate.code).toBe(2);
    expect(generate.stderr).toMatch(new RegExp(`^Error: --init-image ${file}: the image is 10,485,760 bytes.*the image may be at most [\\d,]+ bytes\nHint: `));
    const upscale = await cli(['upscale', 'big.jpg'], { cwd: run0.cwd });
    expect(upscale.code).toBe(2);
    expect(upscale.stderr).toMatch(/^Error: <image>: the image is 10,485,760 bytes/m);
    expect(h.emulator.control.requests({ origin: 'api' })).toHaveLength(before);
  });
});

describe('commands the CLI prints are the CLI user\'s, quoted for sh (issue 11)', () => {
  it('a lost generate with $, quotes and an apostrophe in the prompt: the printed `outputs find` finds it when sh runs it', async () => {
    const prompt = `it's a $5 coin on a "velvet" cloth`;
    h.emulator.control.injectFaults([{ route: 'generate', kind: 'drop', times: 1 }]);
    const run = await cli(['generate', prompt, '-n', '1', '-W', '256', '-H', '256']);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/outputs\.find\(|baseUrl|credits\.get\(\)/);
    const command = printedCommand(run.stderr, /find its images \(free\) with:/);
    const words = shellWords(command);
    expect(words.slice(0, 3)).toEqual(['stablecog', 'outputs', 'find']);
    expect(words[words.indexOf('--prompt') + 1]).toBe(prompt);
    const found = await cli([...words.slice(1), '--json']);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout).map((o: { generation: { prompt: { text: string } } }) => o.generation.prompt.text)).toEqual([prompt]);
    expect(found.stdout).not.toContain('Download them'); // --json prints only JSON
  });

  it('a lost upscale of an output: the free `download --upscaled` of that output', async () => {
    const { outputs } = await h.client().images.generate({ prompt: 'z', num_outputs: 1, width: 256, height: 256 });
    h.emulator.control.injectFaults([{ route: 'upscale', kind: 'drop', times: 1 }]);
    const run = await cli(['upscale', outputs[0]!.id]);
    expect(run.code).toBe(1);
    const words = shellWords(printedCommand(run.stderr, /download the upscaled image \(free\) with:/));
    expect((await cli(words.slice(1))).code).toBe(0);
    expect(h.emulator.control.credits(h.token)).toBe(998); // the generate and the lost upscale, nothing more
  });

  it('a server TIMEOUT (refunded) says how long it waited and prints the same command with the seed that was sent', async () => {
    h.emulator.control.configure({ latencyMs: 300 });
    h.emulator.control.injectFaults([{ route: 'generate', kind: 'timeout', times: 1 }]);
    const run = await cli(['generate', 'a', 'slow $5 kite', '-n', '1', '-W', '256', '-H', '256']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Error: The server gave up after \d+\.\d s without a result .*refunded the credits.*\(seed (\d+)\)\./);
    expect(run.stderr).not.toContain('240 s');
    const seed = /\(seed (\d+)\)\./.exec(run.stderr)![1]!;
    const command = printedCommand(run.stderr, /with the same seed it makes the same image/);
    expect(shellWords(command)).toEqual(['stablecog', 'generate', 'a', 'slow $5 kite', '-n', '1', '-W', '256', '-H', '256', '--seed', seed]);
    const again = await cli([...shellWords(command).slice(1), '--json']);
    expect(JSON.parse(again.stdout).settings.seed).toBe(Number(seed));
  });

  it('names STABLECOG_API_URL (not baseUrl) when the API is not there or is not the API', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const refused = await cli(['credits'], { apiUrl: `http://127.0.0.1:${closed}` });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Hint: Nothing reached the server. Check STABLECOG_API_URL (now http://127.0.0.1:${closed})`);
    const wrong = await cli(['credits'], { apiUrl: h.emulator.cdnUrl });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`Hint: Check STABLECOG_API_URL (now ${h.emulator.cdnUrl})`);
    expect(refused.stderr + wrong.stderr).not.toContain('baseUrl');
  });

  it('outputs: search, filter and order flags, and a "More:" command that keeps them (--per-page included)', async () => {
    const client = h.client();
    await client.images.generate({ prompt: 'red fox', num_outputs: 1, width: 512, height: 512 });
    await client.images.generate({ prompt: 'blue fox', num_outputs: 1, width: 512, height: 512 });
    await client.images.generate({ prompt: 'red fox wide', num_outputs: 1, width: 768, height: 512 });
    const prompts = (stdout: string) => (JSON.parse(stdout) as { outputs: Array<{ generation: { prompt: { text: string } } }> }).outputs.map((o) => o.generation.prompt.text);
    const first = await cli(['outputs', '--order', 'asc', '--per-page', '1', '--aspect-ratio', '1-1']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('red fox');
    const more = /More: (.+)\n$/.exec(first.stdout)?.[1];
    expect(more).toMatch(/^stablecog outputs --per-page 1 --aspect-ratio 1-1 --order asc --cursor /);
    const second = await cli([...shellWords(more!).slice(1), '--json']);
    expect(prompts(second.stdout)).toEqual(['blue fox']);
    const searched = await cli(['outputs', '--search', 'red fox', '--json']);
    expect(prompts(searched.stdout).sort()).toEqual(['red fox', 'red fox wide']);
    const [fav] = (await client.outputs.list()).outputs;
    h.emulator.control.updateOutput(fav!.id, { is_favorited: true });
    expect(prompts((await cli(['outputs', '--favorites', '--json'])).stdout)).toEqual([fav!.generation.prompt!.text]);
    const bad = await cli(['outputs', '--order', 'sideways']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--order: must be asc or desc');
  });

  it('a repeat upscale of an output says it was free', async () => {
    const { outputs } = await h.client().images.generate({ prompt: 'q', num_outputs: 1, width: 256, height: 256 });
    const first = await cli(['upscale', outputs[0]!.id]);
    expect(first.stdout).toMatch(/^Upscaled in \d+\.\d s \(998 credits left\)/);
    const repeat = await cli(['upscale', outputs[0]!.id]);
    expect(repeat.code).toBe(0);
    expect(repeat.stdout).toMatch(/^Already upscaled, so this cost nothing: here is the existing upscale \(998 credits left\)\n/);
    expect(h.emulator.control.credits(h.token)).toBe(998);
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

(existsSync(built) ? it : it.skip)('as the built binary: a generate whose downloads fail prints its result, exits 1 and names the free download', async () => {
  h.emulator.control.injectFaults([{ route: 'cdn', kind: 'drop-before', times: 1 }]);
  const cwd = mkdtempSync(path.join(tmpdir(), 'stablecog-cli-'));
  const run = promisify(execFile);
  const failed = await run(process.execPath, [built, 'generate', 'a $5 coin', '-n', '1', '-W', '256', '-H', '256', '-o', 'out'], {
    cwd,
    env: { ...process.env, STABLECOG_API_URL: h.emulator.url, STABLECOG_API_TOKEN: h.token },
  }).catch((e: { code: number; stdout: string; stderr: string }) => e);
  expect(failed).toMatchObject({ code: 1, stdout: expect.stringMatching(/^Generated 1 image in .*\(seed \d+, 999 credits left\)\n  \S+  http/) });
  const command = printedCommand((failed as { stderr: string }).stderr, /download them again at no cost/);
  const again = await run(process.execPath, [built, ...shellWords(command).slice(1)], {
    cwd,
    env: { ...process.env, STABLECOG_API_URL: h.emulator.url, STABLECOG_API_TOKEN: h.token },
  });
  expect(again.stdout).toMatch(/^Saved 1 image:\n/);
  expect(readdirSync(path.join(cwd, 'out'))).toHaveLength(1);
});
