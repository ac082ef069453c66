/** One emulator per test file, reset between tests, with clients pointed at it over real HTTP. */
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { Stablecog, type StablecogOptions } from '../../src';

export interface Harness {
  emulator: Emulator;
  /** A funded pro account's token (fresh for each test). */
  token: string;
  /** A client for that account; options override the defaults. */
  client(options?: StablecogOptions): Stablecog;
}

/** Starts an emulator (no latency, limiter off) for the file and a fresh account for each test. */
export function useEmulator(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.emulator = await startEmulator({ latencyMs: 0, rateLimit: false });
  });
  beforeEach(() => {
    harness.emulator.control.reset();
    harness.emulator.control.configure({ latencyMs: 0, rateLimit: false });
    harness.token = harness.emulator.control.createAccount({ credits: 1000, plan: 'pro' }).token;
  });
  afterAll(async () => {
    await harness.emulator?.close();
  });
  harness.client = (options = {}) => new Stablecog({ apiToken: harness.token, baseUrl: harness.emulator.url, ...options });
  return harness;
}

/** Everything an error could show someone: message, JSON, inspection (causes included), stack. */
export function everythingShownBy(err: unknown): string {
  const { inspect } = require('node:util') as typeof import('node:util');
  const parts = [String(err), JSON.stringify(err), inspect(err, { depth: Infinity, showHidden: true })];
  for (let e: unknown = err; e instanceof Error; e = e.cause) parts.push(e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true }));
  return parts.join('\n');
}

/** Retries an assertion for a short while: the emulator logs a dropped connection only once its socket has closed. */
export async function eventually(assertion: () => void, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
