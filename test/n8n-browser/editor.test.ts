/**
 * The Stablecog nodes in n8n's editor, in a real headless Chromium against `n8n start` with the
 * packed package installed (regular mode on a throwaway Postgres), the API being the emulator.
 * With N8N_SCREENSHOTS=<folder> the run also photographs each step (scripts/screenshots.js).
 */
import { Stablecog } from '@stablecog/client';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { launchChromium, signInToN8n, type Browser, type Page } from '@stablecog/testkit/browser';
import { N8nCluster, OWNER, type WorkflowRef } from '@stablecog/testkit/n8n-queue';
import {
  chooseFirstScheduler,
  chooseModel,
  closeCredentialModal,
  createCredentialInModal,
  executeStep,
  modelList,
  openNode,
  retestCredential,
  saveWrongToken,
  schedulerList,
  viewBinary,
  type Tour,
} from './tour';

jest.setTimeout(180_000);

let emulator: Emulator;
let token: string;
let cluster: N8nCluster;
let browser: Browser;
let page: Page;
let tour: Tour;
let generateFlow: WorkflowRef;
let triggerFlow: WorkflowRef;

beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: 1500, rateLimit: false });
  token = emulator.control.createAccount({ plan: 'pro', credits: 1000 }).token;
  cluster = await N8nCluster.start({ mode: 'regular', stablecog: { apiToken: token, baseUrl: emulator.url } });
  const manual = { id: 'm', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
  generateFlow = await cluster.createWorkflow({
    name: 'Stablecog in the editor',
    nodes: [
      manual,
      {
        id: 'g',
        name: 'Generate',
        type: 'n8n-nodes-stablecog.stablecog',
        typeVersion: 1,
        position: [240, 0],
        credentials: cluster.stablecogCredential,
        parameters: { resource: 'image', operation: 'generate', prompt: 'a lighthouse at dawn, watercolor', options: { width: 512, height: 512, scheduler: '' } },
      },
    ],
    connections: { Manual: { main: [[{ node: 'Generate', type: 'main', index: 0 }]] } },
  });
  triggerFlow = await cluster.createWorkflow({
    name: 'Stablecog Trigger in the editor',
    nodes: [
      {
        id: 't',
        name: 'Stablecog Trigger',
        type: 'n8n-nodes-stablecog.stablecogTrigger',
        typeVersion: 1,
        position: [0, 0],
        credentials: cluster.stablecogCredential,
        parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newOutput', options: { downloadImages: true } },
      },
    ],
    connections: {},
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  tour = { page, baseUrl: cluster.baseUrl, ...(process.env.N8N_SCREENSHOTS ? { shots: process.env.N8N_SCREENSHOTS } : {}) };
  await signInToN8n(page, cluster.baseUrl, OWNER.email, OWNER.password);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await cluster?.stop();
  await emulator?.close();
});

describe('the Stablecog nodes in n8n’s editor (Chromium)', () => {
  it('credential modal: the test passes against the API, and a wrong token shows the credential’s own message', async () => {
    expect(await createCredentialInModal(tour, token, emulator.url)).toMatch(/Connection tested successfully/);
    expect(await retestCredential(tour)).toMatch(/Connection tested successfully/);
    const wrong = await saveWrongToken(tour, `sc-${'0'.repeat(64)}`);
    expect(wrong).toMatch(/Couldn.t connect with these settings/);
    expect(wrong).toContain('Stablecog did not accept this API token');
    expect(wrong).not.toContain(token);
    await closeCredentialModal(tour);
  });

  it('the Model list shows the API’s models, and the Scheduler list follows the chosen model', async () => {
    const models = await new Stablecog({ apiToken: token, baseUrl: emulator.url }).models.generation();
    await openNode(tour, generateFlow.id, 'Generate');
    const listed = await modelList(tour);
    expect([...listed].sort()).toEqual(models.map((m) => (m.is_default ? `${m.name} (default)` : m.name)).sort());

    const schedulersOf = (name: string) => (models.find((m) => m.name === name)?.available_schedulers ?? []).map((s) => s.name).sort();
    const byDefault = await schedulerList(tour);
    await chooseModel(tour, 'SDXL');
    const forSdxl = await schedulerList(tour, 'node-parameters');
    expect([...forSdxl].sort()).toEqual(schedulersOf('SDXL'));
    expect([...byDefault].sort()).toEqual(schedulersOf(models.find((m) => m.is_default)!.name));
    expect(forSdxl).not.toEqual(byDefault);
  });

  it('Execute step generates the image and the output panel’s binary view shows it', async () => {
    const charges = () => emulator.control.ledger({ token }).filter((e) => e.kind === 'charge').length;
    const before = charges();
    await openNode(tour, generateFlow.id, 'Generate');
    await chooseModel(tour, 'SDXL');
    await chooseFirstScheduler(tour);
    const run = await executeStep(tour, 'image-output');
    expect(run).toEqual({ items: '1 item', binaryShown: true });
    const viewed = await viewBinary(tour, 'image-view');
    expect(viewed).toMatchObject({ status: 200, contentType: 'image/jpeg' });
    expect(viewed.bytes).toBeGreaterThan(1000);
    expect(charges()).toBe(before + 1);
  });

  it('the trigger’s Fetch Test Event shows the newest image, downloaded', async () => {
    await openNode(tour, triggerFlow.id, 'Stablecog Trigger');
    const run = await executeStep(tour, 'trigger-fetch-test-event');
    expect(run).toEqual({ items: '1 item', binaryShown: true });
    const viewed = await viewBinary(tour, 'trigger-image-view');
    expect(viewed).toMatchObject({ status: 200, contentType: 'image/jpeg' });
  });
});
