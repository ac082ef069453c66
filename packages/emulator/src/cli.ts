#!/usr/bin/env node
/**
 * `stablecog-emulator --port 8787`: runs the emulator until Ctrl-C and prints its URLs and the
 * demo tokens (always the same, so docs can show them).
 */
import { parseArgs } from 'node:util';
import { CONTENT_MARKERS } from './moderation';
import { startEmulator } from './emulator';

const USAGE = `usage: stablecog-emulator [--port 8787] [--cdn-port P] [--control-port P] [--host 127.0.0.1]
                         [--latency-ms 1500] [--no-rate-limit]
The CDN listens on port+1 and the control surface on port+2 unless given.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      'cdn-port': { type: 'string' },
      'control-port': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'latency-ms': { type: 'string', default: '1500' },
      'no-rate-limit': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const number = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number >= 0, got "${text}"\n${USAGE}`);
    return n;
  };
  const port = number('port', values.port);
  const emulator = await startEmulator({
    host: values.host,
    port,
    cdnPort: values['cdn-port'] !== undefined ? number('cdn-port', values['cdn-port']) : port && port + 1,
    controlPort: values['control-port'] !== undefined ? number('control-port', values['control-port']) : port && port + 2,
    latencyMs: number('latency-ms', values['latency-ms']),
    rateLimit: !values['no-rate-limit'],
    demoAccounts: true,
  });
  console.log(`Stablecog emulator
  API      ${emulator.url}
  CDN      ${emulator.cdnUrl}
  control  ${emulator.controlUrl}   (GET / lists its routes)

Demo tokens (Authorization: Bearer <token>):`);
  for (const demo of emulator.control.demoAccounts()) {
    console.log(`  ${demo.plan.padEnd(9)}${String(demo.credits).padStart(6)} credits  ${demo.token}`);
  }
  console.log(`
Content-filter markers in a prompt: "${CONTENT_MARKERS.nsfwPrompt}" (400 nsfw_prompt, free), "${CONTENT_MARKERS.filterOne}" (one image dropped), "${CONTENT_MARKERS.filterAll}" (all dropped).
Try: curl -s -H "Authorization: Bearer ${emulator.control.demoAccounts()[2].token}" ${emulator.url}/v1/credits`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
