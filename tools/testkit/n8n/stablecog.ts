/**
 * What every Stablecog suite in the real n8n shares: an emulator with a funded account, one n8n
 * user folder with the packed nodes and one credential pointing at that emulator, and builders for
 * the Stablecog node as a user's workflow stores it.
 */
import { imageSize } from 'image-size';
import { startEmulator, type Emulator, type EmulatorOptions, type Plan } from '@stablecog/emulator';
import { N8nSuite, type CredentialFile } from './harness';
import { stablecogCredential, stablecogNode, type NodeSpec } from './workflow';

export interface StablecogSuite {
  n8n: N8nSuite;
  emulator: Emulator;
  token: string;
  credential: CredentialFile;
  /** The Stablecog node (`n8n-nodes-stablecog.stablecog`) with this suite's credential. */
  stablecog(name: string, parameters: Record<string, unknown>, extra?: Partial<NodeSpec>): NodeSpec;
  close(): Promise<void>;
}

export interface StablecogSuiteOptions extends EmulatorOptions {
  plan?: Plan;
  credits?: number;
}

/** Starts the emulator and an n8n user folder with the nodes installed and the credential imported. */
export async function startStablecogSuite(options: StablecogSuiteOptions = {}): Promise<StablecogSuite> {
  const { plan = 'pro', credits = 1000, ...emulatorOptions } = options;
  const emulator = await startEmulator({ latencyMs: 200, rateLimit: false, ...emulatorOptions });
  let n8n: N8nSuite | undefined;
  try {
    const { token } = emulator.control.createAccount({ plan, credits });
    n8n = await N8nSuite.start();
    const credential = stablecogCredential('stablecogE2e01', token, emulator.url);
    await n8n.importCredentials([credential]);
    const suite: StablecogSuite = {
      n8n,
      emulator,
      token,
      credential,
      stablecog: (name, parameters, extra) => stablecogNode(credential, name, parameters, extra),
      close: async () => {
        if (process.env.N8N_TIMINGS) console.log(`n8n commands of this suite:\n${suite.n8n.formatTimings()}`);
        suite.n8n.dispose();
        await emulator.close();
      },
    };
    return suite;
  } catch (error) {
    n8n?.dispose();
    await emulator.close();
    throw error;
  }
}

/** Width and height of JPEG bytes; throws unless they are a JPEG. */
export function jpegSize(bytes: Buffer): { width: number; height: number } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) {
    throw new Error(`not a JPEG: starts with ${bytes.subarray(0, 4).toString('hex')}`);
  }
  const { type, width, height } = imageSize(bytes);
  if (type !== 'jpg' || !width || !height) throw new Error(`unreadable JPEG (${type ?? 'unknown'} ${width}×${height})`);
  return { width, height };
}

/**
 * Samples the emulator's per-user slot usage every few ms while `work` runs, and returns the most
 * creates seen running at once and waiting at once (n8n runs in another process; this one is free).
 */
export async function peakUsage<T>(
  emulator: Emulator,
  token: string,
  work: () => Promise<T>,
): Promise<{ result: T; maxRunning: number; maxWaiting: number }> {
  let maxRunning = 0;
  let maxWaiting = 0;
  const sample = () => {
    const usage = emulator.control.usage(token);
    maxRunning = Math.max(maxRunning, usage.generate + usage.upscale);
    maxWaiting = Math.max(maxWaiting, usage.waiting);
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await work();
    return { result, maxRunning, maxWaiting };
  } finally {
    clearInterval(timer);
  }
}
