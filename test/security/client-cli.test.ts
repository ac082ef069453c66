/**
 * The token never shows and never travels, for the client and its `stablecog` command: a
 * distinctive token (and a second, wrong one) is searched for — whole, as its 64-hex body, and as
 * any 16-character piece — in every error the client can raise (message, JSON, util.inspect,
 * causes), in everything the built CLI prints on stdout and stderr, and in the requests that reach
 * any host but the API (the image CDN, a redirect's target). A server that echoes the request
 * back is one of the cases.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Stablecog, StablecogError } from '@stablecog/client';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { everythingShownBy, expectNoSecret, type RecordingHost, SECRET_TOKEN, startHost, WRONG_TOKEN } from '@stablecog/testkit';

jest.setTimeout(120_000);

const run = promisify(execFile);
const clientDir = path.resolve(__dirname, '..', '..', 'packages', 'client');
const cliBin = path.join(clientDir, (JSON.parse(fs.readFileSync(path.join(clientDir, 'package.json'), 'utf8')) as { bin: { stablecog: string } }).bin.stablecog);

let emulator: Emulator;
let echo: RecordingHost;
/** An echo whose long preamble puts the token where error messages shorten the body. */
let cutEcho: RecordingHost;
let target: RecordingHost;
let redirect: RecordingHost;
let outDir: string;

beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: 0, rateLimit: false });
  emulator.control.createAccount({ token: SECRET_TOKEN, credits: 1000, plan: 'pro' });
  emulator.control.createAccount({ token: `sc-${'ab'.repeat(32)}`, credits: 0 }); // someone else's uploads
  echo = await startHost({ kind: 'echo' });
  cutEcho = await startHost({ kind: 'echo', preamble: `Debug: ${'-'.repeat(63)} ` });
  target = await startHost({ kind: 'echo' });
  redirect = await startHost({ kind: 'redirect', location: `${target.url}/v1/credits` });
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stablecog-security-'));
});
afterAll(async () => {
  await Promise.all([echo?.close(), cutEcho?.close(), target?.close(), redirect?.close(), emulator?.close()]);
  fs.rmSync(outDir, { recursive: true, force: true });
});
beforeEach(() => emulator.control.clearFaults());

const expectNoTokens = (text: string, where: string) => {
  expectNoSecret(text, where);
  expectNoSecret(text, where, WRONG_TOKEN);
};

describe('client errors carry no token', () => {
  const client = (options: { token?: string; baseUrl?: string; timeoutMs?: number } = {}) =>
    new Stablecog({ apiToken: options.token ?? SECRET_TOKEN, baseUrl: options.baseUrl ?? emulator.url, maxRetries: 0, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });

  const scenarios: Array<[string, () => Promise<unknown>, string]> = [
    ['a rejected token (401)', () => client({ token: WRONG_TOKEN }).credits.get(), 'authentication'],
    ['a rate limit', async () => (emulator.control.injectFaults({ route: 'credits', kind: '429' }), client().credits.get()), 'rate_limited'],
    ['a server error', async () => (emulator.control.injectFaults({ route: 'outputs', kind: '500' }), client().outputs.list()), 'server_error'],
    ['a gateway page', async () => (emulator.control.injectFaults({ route: 'credits', kind: '502' }), client().credits.get()), 'server_error'],
    ['a create dropped after the charge', async () => (emulator.control.injectFaults({ route: 'generate', kind: 'drop' }), client().images.generate({ prompt: 'lost', num_outputs: 1 })), 'outcome_unknown'],
    ['a server TIMEOUT', async () => (emulator.control.injectFaults({ route: 'generate', kind: 'timeout' }), client().images.generate({ prompt: 'slow', num_outputs: 1 })), 'server_timeout'],
    ['a client timeout', async () => (emulator.control.injectFaults({ route: 'generate', kind: 'slow', delayMs: 1000 }), client({ timeoutMs: 200 }).images.generate({ prompt: 'slower', num_outputs: 1 })), 'outcome_unknown'],
    ['a refused connection', () => client({ baseUrl: 'http://127.0.0.1:9' }).credits.get(), 'network'],
    ['another account’s upload', () => client().images.generate({ prompt: 'x', init_image_url: `s3://${'0'.repeat(64)}/5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64.png` }), 'permission'],
    ['no credits left', async () => (emulator.control.setCredits(SECRET_TOKEN, 0), client().images.generate({ prompt: 'x', num_outputs: 1 })), 'insufficient_credits'],
    ['a wrong base URL (the CDN: 404 pages)', () => client({ baseUrl: emulator.cdnUrl }).credits.get(), 'unexpected_response'],
    ['a server that echoes the request headers', () => client({ baseUrl: echo.url }).credits.get(), 'server_error'],
    ['an echo cut where the message is shortened', () => client({ baseUrl: cutEcho.url }).credits.get(), 'server_error'],
    ['a redirect to another host', () => client({ baseUrl: redirect.url }).credits.get(), 'unexpected_response'],
    ['bad input', () => client().images.generate({ prompt: 'x', width: 'abc' }), 'validation'],
  ];

  it.each(scenarios)('%s', async (_label, call, code) => {
    try {
      const error = await call().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(StablecogError);
      expect((error as StablecogError).code).toBe(code);
      expectNoTokens(everythingShownBy(error), `${code} error`);
    } finally {
      emulator.control.setCredits(SECRET_TOKEN, 1000);
    }
  });

  it('followed no redirect: the host it pointed to never received a request', () => {
    expect(redirect.requests.length).toBeGreaterThan(0);
    expect(target.requests).toEqual([]);
  });
});

describe('the stablecog command prints no token', () => {
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const result = await run(process.execPath, [cliBin, ...args], {
      cwd: outDir,
      env: { ...process.env, STABLECOG_API_TOKEN: SECRET_TOKEN, STABLECOG_API_URL: emulator.url, ...env },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );
    return { ...result, printed: `${result.stdout}\n${result.stderr}` };
  };

  it('through successes and failures, on stdout and stderr; image downloads carry no Authorization', async () => {
    const cdnBefore = emulator.control.requests({ origin: 'cdn' }).length;
    const generated = await cli(['generate', 'a lighthouse at dawn', '-n', '2', '-W', '256', '-H', '256', '--out', 'images', '--json']);
    expect(generated.code).toBe(0);
    const outputId = (JSON.parse(generated.stdout) as { outputs: Array<{ id: string }> }).outputs[0]!.id;
    const runs = [
      generated,
      await cli(['upscale', outputId, '--out', 'images']),
      await cli(['outputs', '--all', '--json']),
      await cli(['credits']),
      await cli(['models']),
      await cli(['generate', 'x', '-W', 'abc']), // bad input, exit 2
      await cli(['credits'], { STABLECOG_API_TOKEN: WRONG_TOKEN }), // 401
      await cli(['credits'], { STABLECOG_API_URL: 'http://127.0.0.1:9' }), // refused
      await cli(['credits'], { STABLECOG_API_URL: echo.url }), // echoes the headers back
      await cli(['credits'], { STABLECOG_API_URL: cutEcho.url }), // echoes them where messages are cut
      await cli(['credits'], { STABLECOG_API_URL: redirect.url }), // redirect elsewhere
      await (async () => {
        emulator.control.injectFaults({ route: 'generate', kind: 'drop', times: 1 });
        return cli(['generate', 'a lost kite']); // outcome unknown
      })(),
      await cli(['generate', '--help']),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 2, 1, 1, 1, 1, 1, 1, 0]);
    for (const [i, result] of runs.entries()) expectNoTokens(result.printed, `stablecog run ${i}`);
    expect(fs.readdirSync(path.join(outDir, 'images')).length).toBe(3);

    const downloads = emulator.control.requests({ origin: 'cdn' }).slice(cdnBefore);
    expect(downloads.length).toBeGreaterThanOrEqual(3);
    for (const request of downloads) {
      expect(request.headers.authorization).toBeUndefined();
      expectNoTokens(JSON.stringify(request), 'a CDN request');
    }
    expect(target.requests).toEqual([]);
  });
});
