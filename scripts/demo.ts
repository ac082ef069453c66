/**
 * `npm run demo`: starts the emulator (no account, no network) and shows each integration working
 * against it, writing every image it gets into one folder it prints.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator } from '@stablecog/emulator';
import type { DemoContext } from './demo/context';

const steps: Array<[string, string]> = [
  ['client', './demo/client'],
  ['n8n', './demo/n8n'],
  ['zapier', './demo/zapier'],
  ['activepieces', './demo/activepieces'],
  ['agents', './demo/agents'],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const outDir = path.resolve('out', 'demo');
  fs.mkdirSync(outDir, { recursive: true });
  const emulator = await startEmulator({ latencyMs: 1500 });
  const { token } = emulator.control.createAccount({ credits: 500, plan: 'pro' });
  console.log(`Emulator running at ${emulator.url} (images are served from ${emulator.cdnUrl})`);
  const ctx: DemoContext = { apiUrl: emulator.url, token, outDir, emulator };
  try {
    for (const [name, modulePath] of steps) {
      if (only.length && !only.includes(name)) continue;
      if (!fs.existsSync(path.join(__dirname, `${modulePath}.ts`))) continue;
      console.log(`\n=== ${name} ===`);
      const step = (await import(modulePath)) as { run(ctx: DemoContext): Promise<void> };
      await step.run(ctx);
    }
  } finally {
    await emulator.close();
  }
  console.log(`\nImages written to ${outDir}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
