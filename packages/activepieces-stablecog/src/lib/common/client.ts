/**
 * The client core's Runtime for one step. Requests go through the client's own axios transport
 * rather than pieces-common's `httpClient`, because that one (0.12.5) turns every failure without
 * an answer into an HttpError with status 500 (a refused connection, a reset and a timeout look the
 * same, yet only the first proves a create was not charged), takes no AbortSignal, logs failed
 * requests with `console.error`, and sets NODE_TLS_REJECT_UNAUTHORIZED=0 for the whole process.
 * The axios transport maps each failure to the core's kinds, sends the token only to the API's
 * origin, follows no redirect, and removes the token from every answer (`redactResponse`) before
 * the core quotes anything. axios still honours HTTP(S)_PROXY, as `httpClient` does.
 */
import { cleanApiToken, createAxiosTransport, DEFAULT_BASE_URL, sleep, ValidationError, type Runtime } from '@stablecog/client';

/** What the connection form holds (the raw value `validate` gets, the `props` of `context.auth`). */
export interface StablecogConnection {
  apiToken: string;
  baseUrl?: string | undefined;
}

/** What steps, trigger hooks and dropdown loaders get as `context.auth`. */
export interface ConnectionValue {
  props: StablecogConnection;
}

/** Creates wait at most this long: under Activepieces' 600 s flow limit, so the step can still say how to find the images. */
export const CREATE_TIMEOUT_MS = 300_000;

/** Sent as User-Agent, so Stablecog can tell this piece's requests apart. */
const USER_AGENT = 'stablecog-activepieces-piece';

/** The token as Stablecog wants it (the core's `cleanApiToken`); an empty one is refused here. */
export function cleanToken(token: unknown): string {
  const bare = cleanApiToken(typeof token === 'string' ? token : '');
  if (!bare) {
    throw new ValidationError({
      message: 'API Token: is empty.',
      hint: 'Open the Stablecog connection and paste an API key from https://stablecog.com/account/api-keys.',
      issues: [{ field: 'apiToken', message: 'is empty' }],
    });
  }
  return bare;
}

/** The API origin: the connection's Base URL without trailing slashes, or Stablecog's. */
export function cleanBaseUrl(baseUrl: unknown): string {
  const text = typeof baseUrl === 'string' ? baseUrl.trim().replace(/\/+$/, '') : '';
  return text || DEFAULT_BASE_URL;
}

/** A Runtime for the connection form's values (what `validate` receives). */
export function runtimeForConnection(connection: StablecogConnection | undefined, settings: Partial<Runtime> = {}): Runtime {
  const transport = createAxiosTransport({
    apiToken: cleanToken(connection?.apiToken),
    baseUrl: cleanBaseUrl(connection?.baseUrl),
    userAgent: USER_AGENT,
  });
  return { transport, sleep, ...settings };
}

/** A Runtime for `context.auth` (the connection value the engine hands to steps, hooks and loaders). */
export function runtimeFor(auth: ConnectionValue | undefined, settings: Partial<Runtime> = {}): Runtime {
  if (!auth?.props) {
    throw new ValidationError({
      message: 'Connection: none is selected.',
      hint: 'Pick or create a Stablecog connection on this step.',
      issues: [{ field: 'auth', message: 'none is selected' }],
    });
  }
  return runtimeForConnection(auth.props, settings);
}
