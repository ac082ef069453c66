/**
 * n8n in queue mode, as production runs it: main + two workers on a throwaway Redis and Postgres,
 * binary data in Postgres, the packed node installed in each process's user folder, against the
 * emulator on a Pro plan (3 slots + 1 in flight). One cluster for every scenario; each asserts on
 * n8n's execution records and on the emulator's ledger and request log.
 */
import { createHash } from 'node:crypto';
import { Stablecog } from '@stablecog/client';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { jpegSize } from '@stablecog/testkit/n8n';
import { chain, FAST_STALL_DETECTION, N8nCluster, type ExecutionItem, type NodeJson } from '@stablecog/testkit/n8n-queue';

jest.setTimeout(300_000);

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const CREATE = '/v1/image/generation/create';

let emulator: Emulator;
let token: string;
let cluster: N8nCluster;
/** The trigger scenario runs on its own account, in the background, while the other scenarios run. */
let triggerScenario: Promise<TriggerOutcome>;

beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: 1000, rateLimit: false });
  token = emulator.control.createAccount({ plan: 'pro', credits: 10_000 }).token;
  cluster = await N8nCluster.start({
    stablecog: { apiToken: token, baseUrl: emulator.url },
    // 200 executions at once must reach the server together to pass its queue limit.
    concurrency: 100,
    env: FAST_STALL_DETECTION,
  });
  triggerScenario = runTriggerScenario();
  triggerScenario.catch(() => undefined); // reported by its test
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  await emulator?.close();
});

const webhookWorkflow = (path: string, nodes: NodeJson[]) => cluster.webhookWorkflow(path, nodes);
const stablecog = (name: string, parameters: Record<string, unknown>) => cluster.stablecogNode(name, parameters);

const generate = (options: Record<string, unknown> = {}) =>
  stablecog('Generate', { resource: 'image', operation: 'generate', prompt: '={{ $json.body.prompt }}', options: { width: 512, height: 512, ...options } });

/** The first item a node produced in an execution. */
async function firstItem(executionId: string, node: string): Promise<ExecutionItem> {
  const execution = await cluster.execution(executionId);
  const item = execution.data.resultData.runData[node]?.[0]?.data?.main?.[0]?.[0];
  if (!item) throw new Error(`execution ${executionId} has no item from ${node}: ${JSON.stringify(execution.data.resultData.error ?? {})}`);
  return item;
}

/** The image bytes main serves for a binary, checked against the bytes on the image host. */
async function expectBinaryFromMain(item: ExecutionItem, field = 'data'): Promise<Buffer> {
  const binary = item.binary?.[field];
  expect(binary?.id).toMatch(/^database:/);
  const stored = await cluster.binary(binary!.id!);
  expect(stored).toBeDefined();
  const original = Buffer.from(await (await fetch(String(item.json.upscaled_image_url ?? item.json.image_url))).arrayBuffer());
  expect(sha(stored!)).toBe(sha(original));
  return stored!;
}

const charges = () => emulator.control.ledger({ token }).filter((e) => e.kind === 'charge');
/** This account's creates in the emulator's request log (the trigger scenario runs on another account). */
const createRequests = () =>
  emulator.control.requests({ origin: 'api' }).filter((r) => r.path === CREATE && r.headers.authorization === `Bearer ${token}`);

describe('n8n queue mode (main + 2 workers, Redis, Postgres)', () => {
  it('20 webhook executions at once: both workers run some, every image readable from main, 20 creates charged once each', async () => {
    const workflow = await webhookWorkflow('sc-twenty', [generate()]);
    const chargesBefore = charges().length;
    const createsBefore = createRequests().length;

    const prompts = Array.from({ length: 20 }, (_, i) => `queue twenty ${i}`);
    const answers = await Promise.all(prompts.map((prompt) => cluster.callWebhook('sc-twenty', { prompt })));
    expect(answers.map((a) => a.status)).toEqual(prompts.map(() => 200));
    expect(answers.map((a) => (a.json as { prompt: string }).prompt).sort()).toEqual([...prompts].sort());

    const executions = await cluster.settledExecutions(workflow.id, 20, 60_000);
    expect(executions.map((e) => [e.status, e.mode])).toEqual(executions.map(() => ['success', 'webhook']));
    const ran = cluster.whoRan();
    const workers = executions.map((e) => ran.get(e.id));
    expect(workers.filter((w) => w === undefined)).toEqual([]); // none ran on main
    expect(new Set(workers)).toEqual(new Set(['worker1', 'worker2']));

    const rows = cluster.binaryRows();
    for (const execution of executions) {
      const item = await firstItem(execution.id, 'Generate');
      expect(jpegSize(await expectBinaryFromMain(item))).toEqual({ width: 512, height: 512 });
      const fileId = item.binary!.data!.id!.replace(/^database:/, '');
      expect(rows).toContainEqual([fileId, 'execution', execution.id]);
    }

    const made = charges().slice(chargesBefore);
    expect(made.map((c) => [c.operation, c.amount])).toEqual(prompts.map(() => ['generate', 1]));
    expect(new Set(made.flatMap((c) => c.outputIds ?? [])).size).toBe(20);
    expect(createRequests().slice(createsBefore).map((r) => r.status)).toEqual(prompts.map(() => 200));
  });

  it('Upscale from a binary field and Generate from an init image in a binary field: the worker uploads the image', async () => {
    const [source] = (await new Stablecog({ apiToken: token, baseUrl: emulator.url }).images.generate({ prompt: 'a source image', width: 512, height: 512 })).outputs;
    const download = {
      name: 'Download',
      type: 'n8n-nodes-base.httpRequest',
      typeVersion: 4.2,
      parameters: { url: '={{ $json.body.url }}', options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } } },
    };
    const upscaleFlow = await webhookWorkflow('sc-upscale-binary', [
      download,
      stablecog('Upscale', { resource: 'image', operation: 'upscale', source: 'binary', inputBinaryField: 'data', options: {} }),
    ]);
    const initFlow = await webhookWorkflow('sc-init-binary', [download, generate({ initImageBinaryField: 'data' })]);
    const ledgerBefore = charges().length;
    const logBefore = emulator.control.requests({ origin: 'api' }).length;

    const [upscaled, initialised] = await Promise.all([
      cluster.callWebhook('sc-upscale-binary', { url: source!.url }),
      cluster.callWebhook('sc-init-binary', { url: source!.url, prompt: 'from an init image' }),
    ]);
    expect([upscaled.status, initialised.status]).toEqual([200, 200]);

    const [upscaleRun] = await cluster.settledExecutions(upscaleFlow.id, 1, 30_000);
    const [initRun] = await cluster.settledExecutions(initFlow.id, 1, 30_000);
    expect([upscaleRun!.status, initRun!.status]).toEqual(['success', 'success']);
    const ran = cluster.whoRan();
    expect([ran.get(upscaleRun!.id), ran.get(initRun!.id)]).toEqual([expect.stringMatching(/^worker/), expect.stringMatching(/^worker/)]);
    const upscaleItem = await firstItem(upscaleRun!.id, 'Upscale');
    await expectBinaryFromMain(upscaleItem);
    await expectBinaryFromMain(await firstItem(initRun!.id, 'Generate'));

    // The upscale sends the bytes as multipart; the generate uploads its init image first.
    const requests = emulator.control.requests({ origin: 'api' }).slice(logBefore);
    const sent = (path: string) => requests.filter((r) => r.path === path).map((r) => [r.headers['content-type']?.split(';')[0], r.status]);
    expect(sent('/v1/image/upscale/create')).toEqual([['multipart/form-data', 200]]);
    expect(sent('/v1/image/upload')).toEqual([['multipart/form-data', 200]]);
    expect(charges().slice(ledgerBefore).map((c) => [c.operation, c.amount]).sort()).toEqual([
      ['generate', 1],
      ['upscale', 1],
    ]);
  });

  it('manual runs stay on main; with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true a worker runs them', async () => {
    const workflow = await cluster.createWorkflow({
      name: 'manual',
      ...chain([{ name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1 }, stablecog('Generate', { resource: 'image', operation: 'generate', prompt: 'a manual run', options: { width: 512, height: 512 } })]),
    });
    const runAndSettle = async () => {
      const id = await cluster.runManually(workflow);
      const ended = await cluster.settledExecutions(workflow.id, (await cluster.executions(workflow.id)).length, 60_000);
      const execution = ended.find((e) => e.id === id)!;
      expect([execution.status, execution.mode]).toEqual(['success', 'manual']);
      await expectBinaryFromMain(await firstItem(id, 'Generate'));
      return id;
    };

    const onMain = await runAndSettle();
    expect(cluster.whoRan().get(onMain)).toBeUndefined();
    expect(cluster.main.output()).not.toMatch(new RegExp(`Enqueued execution ${onMain} `));

    await cluster.restartMain({ OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' });
    const offloaded = await runAndSettle();
    expect(cluster.whoRan().get(offloaded)).toMatch(/^worker/);
  });

  it('200 executions at once on a Pro plan: past the server’s queue limit, the node waits its turn (0 failed, 0 charged twice)', async () => {
    emulator.control.configure({ latencyMs: 500 });
    const workflow = await webhookWorkflow('sc-two-hundred', [generate({ downloadImages: false })]);
    const chargesBefore = charges().length;
    const createsBefore = createRequests().length;
    const prompts = Array.from({ length: 200 }, (_, i) => `queue limit ${i}`);

    const started = Date.now();
    const answers = await Promise.all(prompts.map((prompt) => cluster.callWebhook('sc-two-hundred', { prompt })));
    const wallMs = Date.now() - started;
    const failed = answers.filter((a) => a.status !== 200);
    expect(failed).toEqual([]);
    const executions = await cluster.settledExecutions(workflow.id, 200, 60_000);
    expect(executions.filter((e) => e.status !== 'success')).toEqual([]);

    const creates = createRequests().slice(createsBefore);
    const refused = creates.filter((r) => r.status === 400).length;
    expect(refused).toBeGreaterThan(0); // the limit was reached, and every refused create was sent again
    expect(creates.filter((r) => r.status === 200)).toHaveLength(200);
    const made = charges().slice(chargesBefore);
    expect(made).toHaveLength(200);
    const delivered = answers.map((a) => (a.json as { id: string }).id);
    expect(new Set(delivered).size).toBe(200);
    expect(made.flatMap((c) => c.outputIds ?? []).sort()).toEqual([...delivered].sort());
    const ideal = (200 / 4) * 500;
    console.log(`200 at once: wall ${(wallMs / 1000).toFixed(1)} s, ideal ${(ideal / 1000).toFixed(1)} s (×${(wallMs / ideal).toFixed(2)}), ${refused} creates refused with queue_limit_reached and sent again`);
    emulator.control.configure({ latencyMs: 1000 });
  });

  it('a worker killed (SIGKILL) mid-create: n8n fails its executions and never re-runs them; the images are found by prompt in Output → Get Many', async () => {
    emulator.control.configure({ latencyMs: 8000 });
    const workflow = await webhookWorkflow('sc-kill', [generate()]);
    const chargesBefore = charges().length;
    const createsBefore = createRequests().length;
    const prompts = Array.from({ length: 4 }, (_, i) => `worker killed ${i}`);
    const calls = prompts.map((prompt) => cluster.callWebhook('sc-kill', { prompt }));
    await until(() => emulator.control.usage(token).generate === 4, 30_000, 'four creates in flight');

    const running = (await cluster.executions(workflow.id)).map((e) => e.id);
    const ran = cluster.whoRan();
    const victim = cluster.workers.find((w) => running.some((id) => ran.get(id) === w.name))!;
    const lost = running.filter((id) => ran.get(id) === victim.name);
    await victim.stop('SIGKILL');
    const answers = await Promise.all(calls);
    emulator.control.configure({ latencyMs: 1000 });

    // What n8n records: the killed worker's executions failed (Bull's stall check), with no node data.
    const ended = await cluster.settledExecutions(workflow.id, 4, 60_000);
    const failedIds = ended.filter((e) => e.status !== 'success').map((e) => e.id).sort();
    expect(failedIds).toEqual([...lost].sort());
    for (const id of lost) {
      const execution = await cluster.execution(id);
      expect([execution.status, execution.finished]).toEqual(['error', false]);
      expect(execution.data.resultData.runData.Generate).toBeUndefined();
    }
    expect(answers.filter((a) => a.status !== 200)).toHaveLength(lost.length);

    // Recovery: a fresh worker joins; nothing is sent again, every create was charged once.
    await cluster.addWorker();
    const recovered = await cluster.callWebhook('sc-kill', { prompt: 'after the recovery' });
    expect(recovered.status).toBe(200);
    const creates = createRequests().slice(createsBefore);
    expect(creates).toHaveLength(5);
    const made = charges().slice(chargesBefore);
    expect(made).toHaveLength(5);

    // The documented way: Stablecog → Output → Get Many (newest first), matched by the prompts
    // the failed executions were started with.
    const delivered = new Set(answers.filter((a) => a.status === 200).map((a) => (a.json as { id: string }).id));
    const lostPrompts = new Set(prompts.filter((_, i) => answers[i]!.status !== 200));
    const finder = await cluster.createWorkflow({
      name: 'find lost images',
      ...chain([
        { name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1 },
        stablecog('Outputs', { resource: 'output', operation: 'getMany', returnAll: false, limit: 50 }),
      ]),
    });
    const findId = await cluster.runManually(finder);
    await cluster.settledExecutions(finder.id, 1, 60_000);
    const found = (await cluster.execution(findId)).data.resultData.runData.Outputs![0]!.data!.main![0]!;
    const foundLost = found.filter((item) => lostPrompts.has(String(item.json.prompt))).map((item) => String(item.json.id)).sort();
    const chargedNotDelivered = made.flatMap((c) => c.outputIds ?? []).filter((id) => !delivered.has(id) && id !== (recovered.json as { id: string }).id).sort();
    expect(foundLost).toEqual(chargedNotDelivered);
    expect(foundLost).toHaveLength(lost.length);
  });

  it('the Stablecog Trigger: polls on main, executions on workers, each new image once, none missed, images readable from main', async () => {
    const outcome = await triggerScenario;
    expect(outcome.executions.map((e) => [e.status, e.mode])).toEqual(outcome.executions.map(() => ['success', 'trigger']));
    const ran = cluster.whoRan();
    expect(outcome.executions.map((e) => ran.get(e.id))).toEqual(outcome.executions.map(() => expect.stringMatching(/^worker/)));
    expect([...outcome.emitted].sort()).toEqual([...outcome.made].sort()); // each once, none missed
    expect(outcome.emitted).toHaveLength(outcome.made.length);
    // Main polled and queued each execution; workers ran them.
    for (const execution of outcome.executions) expect(cluster.mainOutput()).toMatch(new RegExp(`Enqueued execution ${execution.id} `));
    for (const [item, cdnBytes] of outcome.images) expect(sha(await bytesFromMain(item))).toBe(sha(cdnBytes));
    expect(cluster.binaryRows().filter(([, , sourceId]) => sourceId === 'temp')).toEqual([]);
  });
});

/** Waits for `check` to hold; a check that throws (main restarting under the trigger scenario) counts as not yet. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(check).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An image as the editor gets it from main: stored binary data by id, or the bytes kept in the item. */
async function bytesFromMain(item: ExecutionItem, field = 'data'): Promise<Buffer> {
  const binary = item.binary?.[field];
  if (!binary) throw new Error(`no binary field ${field}`);
  if (!binary.id) return Buffer.from(binary.data!, 'base64');
  const stored = await cluster.binary(binary.id);
  if (!stored) throw new Error(`main answers 404 for binary ${binary.id}`);
  return stored;
}

interface TriggerOutcome {
  executions: Array<{ id: string; status: string; mode: string }>;
  /** Output ids made on the trigger's account after activation, and those its executions emitted. */
  made: string[];
  emitted: string[];
  images: Array<[ExecutionItem, Buffer]>;
}

/**
 * The trigger on an account of its own (so the other scenarios' images are not its business):
 * activate (the first poll records what exists), make images in two rounds, each waited for through
 * n8n's own once-a-minute polls, then wait for one more poll to see that nothing fires twice.
 */
async function runTriggerScenario(): Promise<TriggerOutcome> {
  const account = emulator.control.createAccount({ plan: 'pro', credits: 100 });
  const client = new Stablecog({ apiToken: account.token, baseUrl: emulator.url });
  const credentialId = await cluster.createCredential(account.token, emulator.url, 'Stablecog trigger account');
  await client.images.generate({ prompt: 'made before activation', width: 512, height: 512 });
  const workflow = await cluster.createWorkflow({
    name: 'trigger',
    ...chain([
      {
        name: 'Stablecog Trigger',
        type: 'n8n-nodes-stablecog.stablecogTrigger',
        typeVersion: 1,
        parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newOutput', options: { downloadImages: true } },
        credentials: { stablecogApi: { id: credentialId, name: 'Stablecog trigger account' } },
      },
    ]),
  });
  const polls = () =>
    emulator.control.requests({ origin: 'api' }).filter((r) => r.path === '/v1/image/generation/outputs' && r.headers.authorization === `Bearer ${account.token}`).length;
  await cluster.activate(workflow);
  // Activation polls once (recording what exists), just after the REST call returns.
  await until(() => polls() > 0, 60_000, 'the first poll');
  const emittedSoFar = async () => {
    const executions = await cluster.executions(workflow.id);
    const items = await Promise.all(executions.filter((e) => e.status === 'success').map(async (e) => (await cluster.execution(e.id)).data.resultData.runData['Stablecog Trigger']![0]!.data!.main![0]!));
    return { executions, items: items.flat() };
  };

  const made: string[] = [];
  for (const round of [[1, 2], [1]]) {
    for (const numOutputs of round) {
      const result = await client.images.generate({ prompt: `trigger round image ${made.length}`, num_outputs: numOutputs, width: 512, height: 512 });
      made.push(...result.outputs.map((o) => o.id));
    }
    await until(async () => (await emittedSoFar()).items.length >= made.length, 180_000, `the trigger to emit ${made.length} images`);
  }
  const pollsSoFar = polls();
  await until(() => polls() > pollsSoFar, 180_000, 'one more poll');
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // an execution that poll would start is enqueued by now
  await cluster.deactivate(workflow);
  const { executions, items } = await emittedSoFar();
  const cdn = await Promise.all(items.map(async (item) => Buffer.from(await (await fetch(String(item.json.image_url))).arrayBuffer())));
  return {
    executions: executions.map((e) => ({ id: e.id, status: e.status, mode: e.mode })),
    made,
    emitted: items.map((item) => String(item.json.id)),
    images: items.map((item, i) => [item, cdn[i]!]),
  };
}
