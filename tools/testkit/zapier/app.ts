/**
 * The Zapier app as Zapier loads it (the package's main, index.js), run by
 * zapier-platform-core's own app tester over real HTTP: its middleware, z.request and error classes.
 *
 * Loaded through jest's module registry (not a `createRequire`), so each test file gets its own
 * zapier-platform-core: it counts its invocations per process and exits the process after 250 of
 * them once memory is above 450 MB (Lambda hygiene), which a jest worker running several files
 * would reach. A file should stay under 250 steps. The app and this file resolve the same copy.
 *
 * Core reads NODE_ENV once, when loaded: "test" (as under jest) keeps it from printing a memory
 * line after every step when the demo or a benchmark runs the app outside jest.
 */
function load(): { core: unknown; App: Record<string, any> } {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'test';
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded in this order on purpose */
    return { core: require('zapier-platform-core'), App: require('zapier-stablecog') };
    /* eslint-enable @typescript-eslint/no-require-imports */
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
const loaded = load();

/** The app as Zapier loads it: the package's main entry (index.js, the compiled definition). */
export const App = loaded.App;

type AppTester = (method: unknown, bundle?: object) => Promise<any>;
const core = loaded.core as { createAppTester(app: object): AppTester };

/** A step runner for one account: `authData` points the app at `apiUrl` (the emulator or the front door). */
export interface ZapierRunner {
  /** Runs a perform (or any function of `(z, bundle)`) the way Zapier does. */
  run(method: unknown, inputData?: Record<string, unknown>, meta?: Record<string, unknown>): Promise<any>;
  bundle(inputData?: Record<string, unknown>, meta?: Record<string, unknown>): Record<string, unknown>;
}

export function zapierRunner(apiUrl: string, token: string): ZapierRunner {
  const appTester = core.createAppTester(App);
  const bundle = (inputData: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) => ({
    authData: { api_token: token, base_url: apiUrl },
    inputData,
    meta,
  });
  return { bundle, run: (method, inputData, meta) => appTester(method, bundle(inputData, meta)) };
}

/** A failed step as Zapier reads it: the class name, and the JSON message of AppError / ThrottledError unpacked. */
export interface ZapierFailure {
  name: string;
  message: string;
  code?: string;
  status?: number;
  delay?: number;
  /** The thrown value itself, for anything else a test inspects. */
  raw: unknown;
}

/** What a step failed with; throws if it succeeded. */
export async function zapierFailure(promise: Promise<unknown>): Promise<ZapierFailure> {
  let raw: unknown;
  try {
    await promise;
  } catch (err) {
    raw = err;
  }
  if (raw === undefined) throw new Error('expected the step to fail, but it succeeded');
  const err = raw as Error;
  if (err.name === 'AppError' || err.name === 'ThrottledError') {
    try {
      return { name: err.name, ...(JSON.parse(err.message) as { message: string }), raw };
    } catch {
      // not JSON: fall through
    }
  }
  return { name: err?.name ?? typeof raw, message: err?.message ?? String(raw), raw };
}

/** The prompt, seed and time a "still generating" or halted message tells the user to search for. */
export function recoveryCriteria(message: string): { prompt: string; seed: string; since: string } {
  const match = /Prompt "(.*)", Seed (\d+) and Since (\S+)\. /s.exec(message);
  if (!match) throw new Error(`no search criteria in: ${message}`);
  return { prompt: match[1]!, seed: match[2]!, since: match[3]! };
}
