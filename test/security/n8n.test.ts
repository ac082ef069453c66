/**
 * The token in a REAL n8n: a credential with a distinctive token (and one with a wrong token) runs
 * workflows that succeed and fail (a lost create, a refused prompt, a rejected key). The token must
 * appear in no execution JSON, nothing n8n prints on stdout or stderr, no file of the n8n user
 * folder (its database stores the credential encrypted), and no request to another host than the
 * API: image downloads from the CDN carry no Authorization.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import {
  type CapturedRun,
  executeCaptured,
  items,
  manualTrigger,
  type N8nFixture,
  type NodeSpec,
  stablecogCredential,
  startN8n,
  useStablecogCredential,
  workflow,
} from '@stablecog/testkit/n8n';
import { expectNoSecret, findSecret, type RecordingHost, SECRET_TOKEN, startHost, WRONG_TOKEN } from '@stablecog/testkit';

jest.setTimeout(300_000);

const noOp = (name: string): NodeSpec => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1 });

let emulator: Emulator;
let echo: RecordingHost;
let fixture: N8nFixture;

beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: 100, rateLimit: false });
  emulator.control.createAccount({ token: SECRET_TOKEN, credits: 1000, plan: 'pro' });
  echo = await startHost({ kind: 'echo' });
  fixture = await startN8n(SECRET_TOKEN, emulator.url, 'stablecogSecret');
  const wrong = stablecogCredential('stablecogWrong', WRONG_TOKEN, emulator.url);
  const echoing = stablecogCredential('stablecogEcho', SECRET_TOKEN, echo.url);
  await fixture.n8n.importCredentials([wrong, echoing]);
  const sc = fixture.stablecog;
  await fixture.n8n.importWorkflows([
    workflow('scSecOk', 'Everything works', [
      manualTrigger(),
      sc('Generate', { resource: 'image', operation: 'generate', prompt: 'a lighthouse', options: { width: 256, height: 256, numOutputs: 2 } }),
      sc('Upscale', { resource: 'image', operation: 'upscale', source: 'output', outputId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, options: {} }),
      sc('Outputs', { resource: 'output', operation: 'getMany', returnAll: false, limit: 10, filters: {}, options: {} }, { executeOnce: true }),
      sc('Credits', { resource: 'account', operation: 'getCredits' }, { executeOnce: true }),
    ]),
    workflow(
      'scSecFailures',
      'Things go wrong',
      [
        manualTrigger(),
        ...items(3, (i) => ({ prompt: ['a kite, lost in transit', 'emu_nsfw something refused', 'a kite that works'][i] })),
        sc('Generate', { resource: 'image', operation: 'generate', prompt: '={{ $json.prompt }}', options: { width: 256, height: 256 } }, { onError: 'continueErrorOutput' }),
        noOp('Generate failed'),
        { ...sc('Wrong key', { resource: 'account', operation: 'getCredits' }), credentials: useStablecogCredential(wrong), onError: 'continueErrorOutput' },
        noOp('Wrong key failed'),
      ],
      [
        ['Manual', 'Data'],
        ['Data', 'Items'],
        ['Items', 'Generate'],
        ['Generate', 'Generate failed', 1],
        ['Manual', 'Wrong key'],
        ['Wrong key', 'Wrong key failed', 1],
      ],
    ),
    workflow('scSecWrongStop', 'A rejected key stops the workflow', [
      manualTrigger(),
      { ...sc('Credits', { resource: 'account', operation: 'getCredits' }), credentials: useStablecogCredential(wrong) },
    ]),
    workflow('scSecEcho', 'A server that echoes the request', [
      manualTrigger(),
      { ...sc('Credits', { resource: 'account', operation: 'getCredits' }), credentials: useStablecogCredential(echoing) },
    ]),
  ]);
}, 600_000);

afterAll(async () => {
  fixture?.dispose();
  await echo?.close();
  await emulator?.close();
});

/** The execution JSON and n8n's own output: neither token anywhere. */
function expectRunClean(run: CapturedRun, what: string): void {
  for (const token of [SECRET_TOKEN, WRONG_TOKEN]) {
    expectNoSecret(run.execution.text, `${what}: execution JSON`, token);
    expectNoSecret(run.stdout, `${what}: n8n stdout`, token);
    expectNoSecret(run.stderr, `${what}: n8n stderr`, token);
  }
}

/** Every file of the n8n user folder but the installed packages, searched as text. */
function userFolderLeaks(): string[] {
  const base = path.join(fixture.n8n.userFolder, '.n8n');
  const files = fs
    .readdirSync(base, { recursive: true, encoding: 'utf8' })
    .filter((file) => !file.split(path.sep).includes('node_modules'))
    .map((file) => path.join(base, file))
    .filter((file) => fs.statSync(file).isFile());
  expect(files.some((file) => file.endsWith('database.sqlite'))).toBe(true);
  return files.flatMap((file) => {
    const text = fs.readFileSync(file).toString('latin1');
    return [SECRET_TOKEN, WRONG_TOKEN].flatMap((token) => findSecret(text, token).map((hit) => `${path.relative(base, file)}: ${hit}`));
  });
}

describe('the n8n node and the token in a real n8n', () => {
  it('a successful run: no token in the execution, n8n’s output or its files; the CDN gets no Authorization', async () => {
    const run = await executeCaptured(fixture, 'scSecOk');
    expect(run.execution.status).toBe('success');
    expect(run.execution.items('Generate')).toHaveLength(2);
    expect(run.execution.items('Upscale')).toHaveLength(2);
    expectRunClean(run, 'successful run');

    const downloads = emulator.control.requests({ origin: 'cdn' });
    expect(downloads.length).toBeGreaterThanOrEqual(4); // 2 generated + 2 upscaled images
    for (const request of downloads) {
      expect(request.headers.authorization).toBeUndefined();
      expectNoSecret(JSON.stringify(request), 'an image download');
    }
    for (const request of emulator.control.requests({ origin: 'api' }).filter((r) => r.headers.authorization)) {
      expect(request.headers.authorization).toBe(`Bearer ${SECRET_TOKEN}`); // the API, and only the API, gets it
    }
  });

  it('failures (a lost create, a refused prompt, a rejected key) carry no token either', async () => {
    emulator.control.injectFaults({ route: 'generate', kind: 'drop', times: 1 });
    const routed = await executeCaptured(fixture, 'scSecFailures');
    expect(routed.execution.status).toBe('success');
    const failed = routed.execution.items('Generate', 1).map((i) => i.json.details.code);
    expect(failed.sort()).toEqual(['content_policy', 'outcome_unknown']);
    expect(routed.execution.items('Wrong key', 1)[0]!.json.details.code).toBe('authentication');
    expectRunClean(routed, 'routed failures');

    const stopped = await executeCaptured(fixture, 'scSecWrongStop');
    expect(stopped.execution.status).toBe('error');
    expect(stopped.execution.errorMessage).toMatch(/token|401|Unauthorized/i);
    expectRunClean(stopped, 'a workflow stopped by a rejected key');

    // n8n's database keeps the credentials encrypted and the executions without the token.
    expect(userFolderLeaks()).toEqual([]);
  });

  // A leak reported here and fixed: a server that echoes the request into its error page (a
  // misconfigured proxy at the credential's Base URL) put the token into the node's error message,
  // and so into the execution data. The node's transport now redacts every response, as the
  // client's own transport and the Zapier app do.
  it('a server that echoes the Authorization header back: the token stays out of the execution', async () => {
    const run = await executeCaptured(fixture, 'scSecEcho');
    expect(echo.requests.length).toBeGreaterThan(0);
    expect(run.execution.status).toBe('error');
    expectRunClean(run, 'an echoing server');
  });
});
