/** A transport that answers from a script, for unit tests of the retry logic (no sockets). */
import { TransportFailure, type RawResponse, type RequestSpec, type Transport, type TransportFailureKind } from '../../src/core/http/request';

export type Step = RawResponse | { fail: TransportFailureKind } | ((spec: RequestSpec, signal?: AbortSignal) => Promise<RawResponse>);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): RawResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): RawResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

export class ScriptedTransport implements Transport {
  readonly sent: RequestSpec[] = [];
  constructor(private readonly steps: Step[]) {}
  async send(spec: RequestSpec, signal?: AbortSignal): Promise<RawResponse> {
    this.sent.push(spec);
    const step = this.steps.shift();
    if (!step) throw new Error('script exhausted');
    if (typeof step === 'function') return step(spec, signal);
    if ('fail' in step) throw new TransportFailure(step.fail, `scripted ${step.fail}`);
    return step;
  }
}

/** A sleep that records its waits and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
