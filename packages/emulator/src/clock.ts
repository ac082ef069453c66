/**
 * Time with microsecond precision, like the Postgres timestamps behind the real API.
 * Every reading is unique and strictly increasing, so no two rows ever share a `created_at`
 * and a cursor taken from one row can never skip or repeat another.
 */
let lastMicros = 0;

/** Microseconds since the Unix epoch, strictly greater than any earlier reading in this process. */
export function nowMicros(): number {
  const t = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  lastMicros = t > lastMicros ? t : lastMicros + 1;
  return lastMicros;
}

/**
 * Formats like Go's `time.RFC3339Nano` in UTC: `2026-11-24T06:31:30.123456Z`. Go trims trailing
 * zeros of the fraction (and drops it when it is zero), so the emulator does too.
 */
export function formatMicros(micros: number): string {
  const seconds = Math.floor(micros / 1e6);
  const fraction = String(micros - seconds * 1e6).padStart(6, '0').replace(/0+$/, '');
  return `${secondsPrefix(seconds)}${fraction ? `.${fraction}` : ''}Z`;
}

// `YYYY-MM-DDTHH:MM:SS` per second, cached: formatting dates dominated the outputs list's cost.
const prefixes = new Map<number, string>();
function secondsPrefix(seconds: number): string {
  let prefix = prefixes.get(seconds);
  if (prefix === undefined) {
    if (prefixes.size > 10_000) prefixes.clear();
    prefix = new Date(seconds * 1000).toISOString().slice(0, 19);
    prefixes.set(seconds, prefix);
  }
  return prefix;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 time as Go's `time.Parse(time.RFC3339, s)` does (fractional seconds
 * accepted, an offset or `Z` required). Returns microseconds (possibly fractional) or undefined.
 */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(millis).getUTCDate() !== day) return undefined; // e.g. February 30th
  const offset = m[8] === 'Z' ? 0 : (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  const fractionMicros = m[7] ? Number(`0.${m[7]}`) * 1e6 : 0;
  return (millis - offset * 60_000) * 1000 + fractionMicros;
}
