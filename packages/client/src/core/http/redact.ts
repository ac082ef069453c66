/**
 * Keeping a secret (the API token) out of text a server sent: a misconfigured proxy or debug page
 * may echo the request, Authorization header included, and error messages quote what the server
 * said. A shortened quote can hold a piece of the token, so pieces are removed too. The transports
 * that know the token apply {@link redactResponse} to every response before the core reads it.
 */
import type { RawResponse } from './request';

/** Runs of the secret at least this long are removed (shorter ones say nothing useful about it). */
export const MIN_SECRET_RUN = 16;

/** What a removed secret, or a piece of it, is replaced with. */
export const REDACTED = '[redacted]';

/**
 * `text` with the secret, and every run of at least {@link MIN_SECRET_RUN} of its characters
 * (ignoring case), replaced by {@link REDACTED}. Cheap when the secret is absent, as it nearly
 * always is: a few native substring searches.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || !text) return text;
  if (secret.length < MIN_SECRET_RUN) return text.split(secret).join(REDACTED);
  // Lower case for a case-insensitive match, unless that changes the length (and so the indices).
  const lowered = text.toLowerCase();
  const haystack = lowered.length === text.length ? lowered : text;
  const needle = haystack === lowered ? secret.toLowerCase() : secret;
  if (!mayHoldRun(haystack, needle)) return text;

  const windows = new Set<string>();
  for (let i = 0; i + MIN_SECRET_RUN <= needle.length; i++) windows.add(needle.slice(i, i + MIN_SECRET_RUN));
  let result = '';
  let kept = 0;
  for (let i = 0; i + MIN_SECRET_RUN <= haystack.length; ) {
    if (!windows.has(haystack.slice(i, i + MIN_SECRET_RUN))) {
      i++;
      continue;
    }
    let end = i + MIN_SECRET_RUN;
    while (end < haystack.length && needle.includes(haystack.slice(i, end + 1))) end++;
    result += text.slice(kept, i) + REDACTED;
    kept = end;
    i = end;
  }
  return result + text.slice(kept);
}

/**
 * Whether `haystack` may hold a run of `needle`: every run of 16 contains one of the needle's
 * 8-character chunks that start at a multiple of 8, so looking for those few chunks is enough.
 */
function mayHoldRun(haystack: string, needle: string): boolean {
  const chunk = MIN_SECRET_RUN / 2;
  for (let at = 0; at + chunk <= needle.length; at += chunk) {
    if (haystack.includes(needle.slice(at, at + chunk))) return true;
  }
  return false;
}

const decoder = new TextDecoder();

/**
 * A response body without the secret: text and bytes come back as redacted text; a parsed JSON
 * value has every string in it (keys too) redacted. Anything else is returned as it is.
 */
export function redactBody(body: unknown, secret: string | undefined): unknown {
  if (!secret) return body;
  if (typeof body === 'string') return redactSecret(body, secret);
  if (body instanceof Uint8Array) {
    const text = decoder.decode(body);
    const redacted = redactSecret(text, secret);
    return redacted === text ? body : redacted;
  }
  if (Array.isArray(body)) return body.map((item) => redactBody(item, secret));
  if (body !== null && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [redactSecret(key, secret), redactBody(value, secret)]));
  }
  return body;
}

/**
 * A response without the secret. An error body (which messages quote, shortened) loses the secret
 * and every piece of it; a success body, which no message quotes, the whole secret only: that
 * costs one native search, so large pages stay cheap.
 */
export function redactResponse(raw: RawResponse, secret: string | undefined): RawResponse {
  if (!secret) return raw;
  if (raw.status >= 200 && raw.status < 300) {
    return typeof raw.body === 'string' && raw.body.includes(secret) ? { ...raw, body: raw.body.split(secret).join(REDACTED) } : raw;
  }
  const body = redactBody(raw.body, secret);
  return body === raw.body ? raw : { ...raw, body };
}
