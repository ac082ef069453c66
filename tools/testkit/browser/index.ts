/**
 * A real browser for the editor suites: Debian's Chromium driven by playwright-core (Playwright's
 * own browser download is not reachable here; the system binary is used). Chromium is installed
 * with apt when missing and we are root (a fresh CI machine). Headless; one browser per suite.
 */
import * as fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureDebianPackages } from '../n8n-queue/services';

export type { Browser, Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Launches headless Chromium (installing Debian's `chromium` first when it is missing). */
export async function launchChromium(): Promise<Browser> {
  ensureDebianPackages([
    { pkg: 'chromium', present: () => fs.existsSync(CHROMIUM) },
    { pkg: 'fonts-liberation', present: () => fs.existsSync('/usr/share/fonts/truetype/liberation') },
  ]);
  return await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** Signs in to n8n's editor as `email` / `password` and waits until it has left the sign-in page. */
export async function signInToN8n(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.locator('input[name="emailOrLdapLoginId"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('[data-test-id="form-submit-button"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/**
 * Opens a workflow on the canvas. n8n keeps a two-minute write lock per workflow ("Editing in
 * another tab"): when its banner shows, take over with "Edit here".
 */
export async function openWorkflow(page: Page, baseUrl: string, workflowId: string, nodeName: string): Promise<void> {
  await page.goto(`${baseUrl}/workflow/${workflowId}`);
  const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
  await node.waitFor({ timeout: 60_000 });
  const editHere = page.getByRole('button', { name: 'Edit here' });
  if (await editHere.isVisible()) await editHere.click();
}
