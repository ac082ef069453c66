/**
 * What the cross-front-end fault and token suites run against, set up and torn down by jest hooks:
 * call a `use…Rig` at the top of a test file; its fields are filled in before the first test.
 */
import { startEmulator, type Emulator, type FaultRule } from '@stablecog/emulator';
import { FrontDoor } from './front-door';
import { startHost, type RecordingHost } from './hosts';
import { seedMathRandom } from './random';
import { PNG_1X1 } from './hostile';
import { SECRET_TOKEN } from './secrets';

/** A rig as its hooks fill it in. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The fault suites' server: the emulator behind a front door that records requests and can crash. */
export interface FaultRig {
  /** The emulator (rate limit off: the suites inject their own 429s). */
  readonly emulator: Emulator;
  /** What the front end talks to. */
  readonly door: FrontDoor;
  /** The token of the current account (see {@link FaultRigOptions.freshAccountEachTest}). */
  readonly token: string;
}

export interface FaultRigOptions {
  /** Seeds `Math.random`, the emulator's fault dice, so the same requests fail on every run. */
  seed: number;
  /** The emulator's latency per request. */
  latencyMs: number;
  /** The credits of the pro account (10 000). */
  credits?: number;
  /**
   * True (the default): before each test the door is up with its records cleared, no fault is left
   * and a new account is made. False: one account for the whole file (a real n8n is started with
   * its token), and nothing is reset between tests.
   */
  freshAccountEachTest?: boolean;
}

/** Registers the hooks that open, reset and close a {@link FaultRig}. */
export function useFaultRig(options: FaultRigOptions): FaultRig {
  const { seed, latencyMs, credits = 10_000, freshAccountEachTest = true } = options;
  const rig = {} as Writable<FaultRig>;
  const newAccount = () => (rig.token = rig.emulator.control.createAccount({ credits, plan: 'pro' }).token);
  let random: jest.SpyInstance | undefined;
  beforeAll(async () => {
    random = seedMathRandom(seed);
    rig.emulator = await startEmulator({ latencyMs, rateLimit: false });
    rig.door = await FrontDoor.open(rig.emulator.url);
    if (!freshAccountEachTest) newAccount();
  });
  afterAll(async () => {
    await rig.door?.close();
    await rig.emulator?.close();
    random?.mockRestore();
  });
  if (freshAccountEachTest) {
    beforeEach(async () => {
      await rig.door.up();
      rig.door.reset();
      rig.emulator.control.clearFaults();
      newAccount();
    });
  }
  return rig;
}

/**
 * The faults the Zapier and Activepieces suites inject into their 16 Generate Image and 4 Upscale
 * Image steps: 429s on 30 % of requests, two failed models lookups (a read: retried), generates
 * dropped after and before the charge, a TIMEOUT, a proxy's 502, slow answers, a dropped upscale.
 */
export const STEP_FAULTS: readonly FaultRule[] = [
  { route: '*', kind: '429', probability: 0.3 },
  { route: 'models', kind: '500', times: 2 },
  { route: 'generate', kind: 'drop', times: 2 },
  { route: 'generate', kind: 'drop-before', times: 1 },
  { route: 'generate', kind: 'timeout', times: 1 },
  { route: 'generate', kind: '502', times: 1 },
  { route: 'generate', kind: 'slow', times: 2, delayMs: 300 },
  { route: 'upscale', kind: 'drop', times: 1 },
];

/** The token suites' servers: the API, and hosts that stand for every other host. */
export interface TokenRig {
  /** The emulator, with a pro account of 1 000 credits for {@link SECRET_TOKEN}. */
  readonly emulator: Emulator;
  /** Serves a 1 × 1 PNG: a file a user maps, or a starting image. */
  readonly fileHost: RecordingHost;
  /** Echoes each request's headers (the token among them) in its error page. */
  readonly echo: RecordingHost;
  /** An echo whose long preamble puts the token where error messages shorten the body. */
  readonly cutEcho: RecordingHost;
}

/** Registers the hooks that start and stop a {@link TokenRig}. */
export function useTokenRig(): TokenRig {
  const rig = {} as Writable<TokenRig>;
  beforeAll(async () => {
    rig.emulator = await startEmulator({ latencyMs: 50, rateLimit: false });
    rig.emulator.control.createAccount({ token: SECRET_TOKEN, credits: 1000, plan: 'pro' });
    rig.fileHost = await startHost({ kind: 'bytes', body: PNG_1X1 });
    rig.echo = await startHost({ kind: 'echo' });
    rig.cutEcho = await startHost({ kind: 'echo', preamble: `Debug: ${'-'.repeat(63)} ` });
  });
  afterAll(async () => {
    await Promise.all([rig.fileHost?.close(), rig.echo?.close(), rig.cutEcho?.close(), rig.emulator?.close()]);
  });
  return rig;
}
