/**
 * Test harness: the real app under `zapier.createAppTester`, talking real HTTP to a local emulator
 * of the Stablecog API (no nock, no network), one funded account per test file.
 */
import zapier from 'zapier-platform-core';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import AppDefinition from '../src';

/**
 * The app, typed loosely for tests: its performs are typed as `Request | function` unions and its
 * optional parts as possibly undefined, which only adds noise where a test reaches into it.
 */
export const App = AppDefinition as unknown as Record<string, any>;

/** `zapier.createAppTester`'s tester, typed loosely (bundles here are plain objects). */
export type AppTester = (method: unknown, bundle?: object, clearCache?: boolean) => Promise<any>;

export interface Harness {
  emulator: Emulator;
  token: string;
  appTester: AppTester;
  /** A bundle for this account (auth pointed at the emulator) with the given inputs and meta. */
  bundle(inputData?: Record<string, unknown>, meta?: Record<string, unknown>): Record<string, unknown>;
  /** How many requests the API has received so far. */
  apiRequestCount(): number;
  close(): Promise<void>;
}

/** Starts an emulator (fast, no rate limit unless a test turns it on) and an app tester for it. */
export async function startHarness(credits = 1000): Promise<Harness> {
  process.env.NODE_ENV = 'test'; // keeps zapier-platform-core's memory log line off stdout
  const emulator = await startEmulator({ latencyMs: 50, rateLimit: false });
  const { token } = emulator.control.createAccount({ credits, plan: 'pro' });
  const appTester = zapier.createAppTester(AppDefinition) as AppTester;
  return {
    emulator,
    token,
    appTester,
    bundle: (inputData = {}, meta = {}) => ({
      authData: { api_token: token, base_url: emulator.url },
      inputData,
      meta,
    }),
    apiRequestCount: () => emulator.control.requests({ origin: 'api' }).length,
    close: () => emulator.close(),
  };
}

/** Runs `fn` with `STABLECOG_TIME_BUDGET_MS` set, restoring the previous value afterwards. */
export async function withTimeBudget<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const previous = process.env.STABLECOG_TIME_BUDGET_MS;
  process.env.STABLECOG_TIME_BUDGET_MS = String(ms);
  try {
    return await fn();
  } finally {
    if (previous === undefined) delete process.env.STABLECOG_TIME_BUDGET_MS;
    else process.env.STABLECOG_TIME_BUDGET_MS = previous;
  }
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A Zapier error as the platform reads it: `z.errors.Error` and `ThrottledError` carry JSON messages. */
export interface ZapierErrorShape {
  name: string;
  message: string;
  code?: string;
  status?: number;
  delay?: number;
}

/** What a step failed with, with the JSON message of `AppError` / `ThrottledError` unpacked. */
export async function zapierFailure(promise: Promise<unknown>): Promise<ZapierErrorShape> {
  const err = await rejection(promise);
  if (err.name === 'AppError' || err.name === 'ThrottledError') {
    return { name: err.name, ...(JSON.parse(err.message) as Omit<ZapierErrorShape, 'name'>) };
  }
  return { name: err.name, message: err.message };
}

/** Retries `check` until it stops throwing (servers log a request when its connection closes). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Runs Find Image Outputs with `inputData` until it returns `count` images (a lost create finishing). */
export async function findWhenReady(
  h: Harness,
  inputData: Record<string, unknown>,
  count: number,
  timeoutMs: number,
): Promise<Array<Record<string, unknown>>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await h.appTester(App.searches.find_image_outputs.operation.perform, h.bundle(inputData))) as Array<
      Record<string, unknown>
    >;
    if (found.length >= count || Date.now() > until) return found;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** The prompt, seed and time a "still generating" message tells the user to search for. */
export function recoveryCriteria(message: string): { prompt: string; seed: string; since: string } {
  const match = /Prompt "(.*)", Seed (\d+) and Since (\S+)\. /.exec(message);
  if (!match) throw new Error(`no search criteria in: ${message}`);
  return { prompt: match[1]!, seed: match[2]!, since: match[3]! };
}

/**
 * Makes every connection for API requests on `path` fail as a real network does when the host
 * cannot be reached (`connect <code>`), below node-fetch, so `z.request` sees the same error a
 * Zapier server would. No packet leaves loopback: the socket is destroyed before it connects.
 * Returns a function that restores normal connections.
 */
export function failConnections(path: string, code: string): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require('node:http') as typeof import('node:http');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const net = require('node:net') as typeof import('node:net');
  const original = http.request;
  const spy = jest.spyOn(http, 'request').mockImplementation(((options: import('node:http').RequestOptions, ...rest: never[]) => {
    if (typeof options !== 'object' || !String(options.path ?? '').startsWith(path)) {
      return (original as (...args: unknown[]) => unknown).call(http, options, ...rest);
    }
    const createConnection = () => {
      const socket = new net.Socket();
      const error = Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code, errno: code, syscall: 'connect' });
      process.nextTick(() => socket.destroy(error));
      return socket;
    };
    return (original as (...args: unknown[]) => unknown).call(http, { ...options, agent: undefined, createConnection }, ...rest);
  }) as never);
  return () => spy.mockRestore();
}
