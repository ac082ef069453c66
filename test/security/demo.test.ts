/**
 * `npm run demo` prints no token: its steps (scripts/demo/*, in the order demo.ts runs them) run
 * here against an emulator whose account has the distinctive token, with everything they print
 * captured (console and direct writes to stdout/stderr); their image downloads carry no
 * Authorization.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { capturePrinted, expectNoSecret, SECRET_TOKEN } from '@stablecog/testkit';

jest.setTimeout(180_000);

const demoDir = path.resolve(__dirname, '..', '..', 'scripts', 'demo');
/** The steps as scripts/demo.ts lists them; a step whose file does not exist yet is skipped there too. */
const STEPS = ['client', 'n8n', 'zapier'].filter((step) => fs.existsSync(path.join(demoDir, `${step}.ts`)));

let emulator: Emulator;
let outDir: string;

beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: 100 });
  emulator.control.createAccount({ token: SECRET_TOKEN, credits: 500, plan: 'pro' });
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stablecog-demo-'));
});
afterAll(async () => {
  await emulator?.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('the demo', () => {
  it.each(STEPS)('step "%s" prints no token and downloads images without it', async (step) => {
    const cdnBefore = emulator.control.requests({ origin: 'cdn' }).length;
    const ctx = { apiUrl: emulator.url, token: SECRET_TOKEN, outDir, emulator };
    const { printed, error } = await capturePrinted(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest runs CommonJS: no import()
      const module = require(path.join(demoDir, step)) as { run(context: typeof ctx): Promise<void> };
      await module.run(ctx);
    });
    expect(error).toBeUndefined();
    expect(printed.length).toBeGreaterThan(100); // it did print its story
    expectNoSecret(printed, `demo step ${step}`);
    const downloads = emulator.control.requests({ origin: 'cdn' }).slice(cdnBefore);
    expect(downloads.length).toBeGreaterThan(0);
    for (const request of downloads) expect(request.headers.authorization).toBeUndefined();
  });
});
