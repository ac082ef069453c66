/**
 * Test harness: the piece's own hooks called with contexts of the framework's own types, shaped as
 * the Activepieces engine builds them (connection value wrapped as CUSTOM_AUTH, a store keyed by
 * scope, files.write accepting only Buffers), against a local emulator over real HTTP.
 */
import {
  createMockActionContext,
  StoreScope,
  TriggerStrategy,
  type ActionContext,
  type InputPropertyMap,
  type ITrigger,
  type TriggerHookContext,
  type PropertyContext,
  type StaticPropsValue,
  type Store,
  type TestOrRunHookContext,
} from '@activepieces/pieces-framework';
import { AppConnectionType } from '@activepieces/shared';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { stablecogAuth } from '../src';

/** Files written through `context.files.write`, as the engine would store them. */
export interface WrittenFile {
  fileName: string;
  data: Buffer;
}

/** Contexts for one account on one API origin, as the engine builds them for this piece. */
export interface Engine {
  token: string;
  /** The connection value steps get as `context.auth`. */
  auth: { type: AppConnectionType.CUSTOM_AUTH; props: { apiToken: string; baseUrl: string } };
  /** An action context for `props` with these values, as the engine hands it to `run`. */
  actionContext<P extends InputPropertyMap>(props: P, values: Partial<StaticPropsValue<P>>): ActionContext<typeof stablecogAuth, P> & { written: WrittenFile[] };
  /** What a dropdown loader gets besides the form values. */
  propertyContext: PropertyContext;
}

export interface Harness extends Engine {
  emulator: Emulator;
  /** API requests received so far. */
  apiRequests(): ReturnType<Emulator['control']['requests']>;
  close(): Promise<void>;
}

/** The engine's side for an account with `token` on the API at `baseUrl`. */
export function engineFor(baseUrl: string, token: string): Engine {
  const auth = { type: AppConnectionType.CUSTOM_AUTH as const, props: { apiToken: token, baseUrl } };
  return {
    token,
    auth,
    actionContext<P extends InputPropertyMap>(props: P, values: Partial<StaticPropsValue<P>>) {
      const written: WrittenFile[] = [];
      // The engine passes every prop, an empty one as undefined.
      const propsValue = { ...Object.fromEntries(Object.keys(props).map((key) => [key, undefined])), ...values } as StaticPropsValue<P>;
      const mock = createMockActionContext<P>({ propsValue });
      return {
        ...mock,
        auth,
        store: memoryStore('run'),
        files: {
          async write({ fileName, data }: { fileName: string; data: Buffer }) {
            // The engine refuses anything but a Buffer.
            if (!Buffer.isBuffer(data)) throw new Error('files.write: data must be a Buffer');
            written.push({ fileName, data });
            return `file://${fileName}`;
          },
        },
        written,
      } as ActionContext<typeof stablecogAuth, P> & { written: WrittenFile[] };
    },
    propertyContext: {
      server: { apiUrl: 'http://127.0.0.1:1/api/', publicUrl: 'http://127.0.0.1:1/' },
      project: { id: 'project', externalId: async () => undefined },
      flows: { list: async () => ({ data: [], next: null, previous: null }), current: { id: 'flow', version: { id: 'v1' } } },
      connections: { get: async () => null },
    } as unknown as PropertyContext,
  };
}

/** An emulator with a funded Pro account, and the engine's side for it. */
export async function startHarness(credits = 1000): Promise<Harness> {
  const emulator = await startEmulator({ latencyMs: 50, rateLimit: false });
  const { token } = emulator.control.createAccount({ credits, plan: 'pro' });
  return {
    ...engineFor(emulator.url, token),
    emulator,
    apiRequests: () => emulator.control.requests({ origin: 'api' }),
    close: () => emulator.close(),
  };
}

/**
 * A store as the engine backs it: keys prefixed by scope (`flow_<id>/` or none; `test` runs get
 * their own prefix), values copied as JSON would be.
 */
export function memoryStore(prefix: string, data = new Map<string, unknown>()): Store & { data: Map<string, unknown> } {
  const key = (k: string, scope?: StoreScope) => (scope === StoreScope.PROJECT ? k : `${prefix}/flow_1/${k}`);
  return {
    data,
    async put<T>(k: string, value: T, scope?: StoreScope) {
      data.set(key(k, scope), structuredClone(value));
      return value;
    },
    async get<T>(k: string, scope?: StoreScope) {
      const value = data.get(key(k, scope));
      return value === undefined ? null : (structuredClone(value) as T);
    },
    async delete(k: string, scope?: StoreScope) {
      data.delete(key(k, scope));
    },
  };
}

/** A polling trigger, narrowed from the union `createTrigger` returns so its hooks can be called. */
export type PollingTrigger<P extends InputPropertyMap> = ITrigger<TriggerStrategy.POLLING, typeof stablecogAuth, P>;

/** The context of a polling trigger's onEnable/onDisable, and of run/test (with files). */
export function triggerContext<P extends InputPropertyMap>(
  harness: Engine,
  propsValue: StaticPropsValue<P>,
  store: Store,
): TestOrRunHookContext<typeof stablecogAuth, P, TriggerStrategy.POLLING> & TriggerHookContext<typeof stablecogAuth, P, TriggerStrategy.POLLING> {
  return {
    auth: harness.auth,
    propsValue,
    store,
    server: { apiUrl: 'http://127.0.0.1:1/api/', publicUrl: 'http://127.0.0.1:1/', token: 'engine-token' },
    setSchedule: () => undefined,
    project: { id: 'project', externalId: async () => undefined },
    flows: { list: async () => ({ data: [], next: null, previous: null }), current: { id: 'flow', version: { id: 'v1' } } },
    step: { name: 'trigger' },
    connections: { get: async () => null },
    files: { write: async ({ fileName }: { fileName: string }) => `file://${fileName}` },
  } as unknown as TestOrRunHookContext<typeof stablecogAuth, P, TriggerStrategy.POLLING> &
    TriggerHookContext<typeof stablecogAuth, P, TriggerStrategy.POLLING>;
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

/** Generation requests the API received. */
export const generateRequests = (harness: Harness) =>
  harness.apiRequests().filter((r) => r.path === '/v1/image/generation/create');

/** Waits until `condition` holds (polling the state, never a fixed sleep), failing after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
