import { createContractValidator, type ContractValidator } from '@stablecog/shared';
import { isDeepStrictEqual } from 'node:util';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src';

/** A response of the emulator, read whole. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** How to send one request. */
export interface RequestOptions {
  token?: string;
  /** Sent as a JSON body. */
  json?: unknown;
  /** Sent as is (a string or a FormData). */
  body?: string | FormData;
  headers?: Record<string, string>;
  /** Acts as this client IP (`X-Forwarded-For`), so tests don't share the limiter's counters. */
  ip?: string;
  signal?: AbortSignal;
}

let validator: ContractValidator | undefined;
/** How many API responses the contract validated (tests assert it grows, so the check can't silently stop). */
export const contractStats = { validated: 0 };

/** Checks an API response against the project's corrected OpenAPI document; throws a readable error. */
export function checkContract(method: string, path: string, response: ApiResponse): void {
  validator ??= createContractValidator();
  validator.validateResponse({ method, path, status: response.status, headers: response.headers, body: response.text });
  contractStats.validated += 1;
}

let ipCounter = 0;
/** A client IP no other test uses. */
export const freshIp = (): string => `10.${Math.floor(++ipCounter / 250) % 250}.${ipCounter % 250}.${process.pid % 250}`;

/** A started emulator and a small HTTP client for it that validates every API response. */
export class TestEmulator {
  private constructor(readonly emu: Emulator) {}

  static async start(options: EmulatorOptions = {}): Promise<TestEmulator> {
    return new TestEmulator(await startEmulator({ latencyMs: 0, ...options }));
  }

  get control() {
    return this.emu.control;
  }

  /** Sends a request to the API origin and validates the answer against the contract. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const response = await sendRaw(`${this.emu.url}${path}`, method, options);
    checkContract(method, path, response);
    return response;
  }

  get(path: string, options?: RequestOptions) {
    return this.request('GET', path, options);
  }

  post(path: string, json: unknown, options?: RequestOptions) {
    return this.request('POST', path, { ...options, json });
  }

  /** A funded account (limiter-free tests use distinct IPs anyway). */
  account(credits = 1000, plan: 'free' | 'starter' | 'pro' | 'ultimate' = 'ultimate') {
    return this.emu.control.createAccount({ credits, plan });
  }

  /** Generates and returns the answer's JSON (fails the test on anything but 200). */
  async generate(token: string, body: Record<string, unknown> = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = await this.post('/v1/image/generation/create', { prompt: 'a lighthouse at dusk', width: 512, height: 512, num_outputs: 1, ...body }, { token, ip: freshIp() });
    if (r.status !== 200) throw new Error(`generate answered ${r.status}: ${r.text}`);
    return r.json;
  }

  close(): Promise<void> {
    return this.emu.close();
  }
}

/** Sends one request anywhere (no contract check: for the CDN and helper servers). */
export async function sendRaw(url: string, method: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  if (options.ip) headers['X-Forwarded-For'] = options.ip;
  let body: string | FormData | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(url, { method, headers, body, signal: options.signal });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let json: unknown;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json')) json = JSON.parse(text);
  return { status: res.status, headers: headersObject(res.headers), text, json };
}

/** Response headers as a plain object with lower-case names. */
export function headersObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name] = value));
  return out;
}

/** Fetches bytes (e.g. a CDN image). */
export async function fetchBytes(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Resolves after `ms`. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `read` until it deep-equals `expected` (or `timeoutMs` passes), then returns the last value,
 * so state checks on a loaded machine wait for requests still in transit instead of a fixed sleep.
 */
export async function settled<T>(read: () => T, expected: T, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = read();
  while (!isDeepStrictEqual(value, expected) && Date.now() < deadline) {
    await delay(20);
    value = read();
  }
  return value;
}
