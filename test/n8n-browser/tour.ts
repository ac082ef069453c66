/**
 * What a user does with the Stablecog nodes in n8n's editor, step by step in a real Chromium, each
 * step returning what the page showed so the suite can assert on it and the screenshot script can
 * photograph it. Selectors are n8n 2.41's own `data-test-id`s.
 */
import * as path from 'node:path';
import type { Page } from '@stablecog/testkit/browser';
import { openWorkflow } from '@stablecog/testkit/browser';

export interface Tour {
  page: Page;
  baseUrl: string;
  /** Where to save screenshots (none when undefined). */
  shots?: string;
}

async function shoot(tour: Tour, name: string): Promise<void> {
  // Animations frozen at their end: a toast sliding in or a button changing label is shown settled.
  if (tour.shots) await tour.page.screenshot({ path: path.join(tour.shots, `${name}.png`), animations: 'disabled' });
}

const modal = (page: Page) => page.locator('[data-test-id="editCredential-modal"]');

/**
 * Creates a Stablecog credential in the credential modal (Overview → Create credential → Stablecog
 * API), saves it, and returns what the connection test showed. n8n tests a credential on save.
 */
export async function createCredentialInModal(tour: Tour, apiToken: string, baseUrl: string): Promise<string> {
  const { page } = tour;
  await page.goto(`${tour.baseUrl}/home/credentials/create`);
  await page.locator('[data-test-id="new-credential-type-select"] input').fill('Stablecog');
  await page.locator('[data-test-id="new-credential-type-select-option"]', { hasText: 'Stablecog API' }).click();
  await page.locator('[data-test-id="new-credential-type-button"]').click();
  await modal(page).waitFor();
  await page.locator('[data-test-id="parameter-input-apiToken"] input').fill(apiToken);
  await page.locator('[data-test-id="parameter-input-baseUrl"] input').fill(baseUrl);
  const tested = page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test'));
  await page.locator('[data-test-id="credential-save-button"]').click();
  await tested;
  return await testResult(tour, 'credential-test');
}

/** Presses the modal's test button again ("Retry": n8n has no separate Test button) and returns the result. */
export async function retestCredential(tour: Tour): Promise<string> {
  const { page } = tour;
  const tested = page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test'));
  await modal(page).getByRole('button', { name: 'Retry' }).click();
  await tested;
  return await testResult(tour);
}

/** Replaces the token in the open modal, saves, and returns the failure n8n shows with its details. */
export async function saveWrongToken(tour: Tour, apiToken: string): Promise<string> {
  const { page } = tour;
  await page.locator('[data-test-id="parameter-input-apiToken"] input').fill(apiToken);
  const tested = page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test'));
  await page.locator('[data-test-id="credential-save-button"]').click();
  await tested;
  return await testResult(tour, 'credential-test-wrong-token');
}

/** The credential test's outcome as the modal shows it: the banner text, with "More details" opened. */
async function testResult(tour: Tour, shot?: string): Promise<string> {
  const { page } = tour;
  const success = page.locator('[data-test-id="credentials-config-container-test-success"]');
  const failure = modal(page).getByText(/Couldn.t connect with these settings/);
  await success.or(failure).first().waitFor({ timeout: 30_000 });
  if (await success.isVisible()) {
    if (shot) await shoot(tour, shot);
    return (await success.innerText()).trim();
  }
  const details = modal(page).getByText('More details');
  if (await details.isVisible()) await details.click();
  if (shot) await shoot(tour, shot);
  return (await modal(page).locator('.el-dialog__body').innerText()).trim();
}

export async function closeCredentialModal(tour: Tour): Promise<void> {
  await modal(tour.page).locator('.el-dialog__headerbtn').click();
  await modal(tour.page).waitFor({ state: 'hidden' });
}

/** Opens a node's parameters panel (NDV) on a workflow's canvas. */
export async function openNode(tour: Tour, workflowId: string, nodeName: string): Promise<void> {
  await openWorkflow(tour.page, tour.baseUrl, workflowId, nodeName);
  await tour.page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
  await tour.page.locator('[data-test-id="ndv"]').waitFor();
}

/** Opens the Model list (a resource locator filled by the node's list search) and returns its entries. */
export async function modelList(tour: Tour): Promise<string[]> {
  const { page } = tour;
  const searched = page.waitForResponse((r) => r.url().includes('/rest/dynamic-node-parameters/resource-locator-results'));
  await page.locator('[data-test-id="resource-locator-model"] [data-test-id="rlc-input"]').click();
  await searched;
  const items = page.locator('[data-test-id="rlc-item"]');
  await items.first().waitFor();
  await shoot(tour, 'node-model-list');
  const names = (await items.allInnerTexts()).map((t) => t.trim());
  await page.keyboard.press('Escape');
  return names;
}

/** Picks a model from the open Model list; the Scheduler list reloads for it. */
export async function chooseModel(tour: Tour, name: string): Promise<void> {
  const reloaded = tour.page.waitForResponse((r) => r.url().includes('/rest/dynamic-node-parameters/options'));
  await tour.page.locator('[data-test-id="resource-locator-model"] [data-test-id="rlc-input"]').click();
  await tour.page.locator('[data-test-id="rlc-item"]', { hasText: name }).first().click();
  await reloaded;
}

/** Opens Options → Scheduler (loaded for the chosen model) and returns its entries' locator. */
async function openSchedulerList(tour: Tour) {
  const { page } = tour;
  // Disabled while its options load.
  await page.locator('[data-test-id="parameter-input-scheduler"] .el-select:not(.el-select--disabled)').waitFor();
  await page.locator('[data-test-id="parameter-input-scheduler"] input').click();
  const options = page.locator('.el-select-dropdown__item:visible');
  await options.first().waitFor();
  return options;
}

/** The Scheduler dropdown's entries (Options → Scheduler, loaded for the chosen model). */
export async function schedulerList(tour: Tour, shot?: string): Promise<string[]> {
  const options = await openSchedulerList(tour);
  if (shot) await shoot(tour, shot);
  const names = (await options.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  await tour.page.keyboard.press('Escape');
  return names;
}

/** Chooses the first scheduler, as a user would: the editor flags an added option left empty. */
export async function chooseFirstScheduler(tour: Tour): Promise<void> {
  await (await openSchedulerList(tour)).first().click();
}

/** "Execute step" in the open NDV; waits for the output and returns how many items it shows. */
export async function executeStep(tour: Tour, shot: string): Promise<{ items: string; binaryShown: boolean }> {
  const { page } = tour;
  await page.locator('[data-test-id="node-execute-button"]').click();
  await page.locator('[data-test-id="node-run-status-success"]').or(page.locator('[data-test-id="output-panel"] [data-test-id="ndv-binary-data_0"]')).first().waitFor({ timeout: 90_000 });
  const output = page.locator('[data-test-id="output-panel"]');
  const binary = output.locator('[data-test-id="ndv-binary-data_0"]');
  await binary.waitFor({ timeout: 30_000 });
  // The run is over when the button is back to its label (a node's or a trigger's; a spinner while running).
  await page.locator('[data-test-id="node-execute-button"]', { hasText: /execute step|fetch test event/i }).waitFor();
  await shoot(tour, shot);
  const items = (await output.getByText(/\d+ items?/).first().innerText().catch(() => '')).trim();
  return { items, binaryShown: await binary.isVisible() };
}

/** Opens the first binary item's view and returns the response n8n served for it (the image bytes). */
export async function viewBinary(tour: Tour, shot: string): Promise<{ status: number; contentType: string; bytes: number }> {
  const { page } = tour;
  const served = page.waitForResponse((r) => r.url().includes('/rest/binary-data') && r.request().method() === 'GET');
  const popup = page.context().waitForEvent('page', { timeout: 5_000 }).catch(() => undefined);
  await page.locator('[data-test-id="output-panel"] [data-test-id="ndv-view-binary-data"]').first().click();
  const response = await served;
  const body = await response.body();
  const opened = await popup;
  const view = opened ?? page;
  // Shot once the image is decoded (n8n opens the binary in a new tab or an in-page viewer).
  await view.waitForFunction(() => [...document.images].some((img) => img.complete && img.naturalWidth > 0));
  if (tour.shots) await view.screenshot({ path: path.join(tour.shots, `${shot}.png`), animations: 'disabled' });
  await opened?.close();
  return { status: response.status(), contentType: response.headers()['content-type'] ?? '', bytes: body.length };
}
