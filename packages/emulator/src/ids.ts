import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A new random UUIDv4, as every id of the real API. */
export const newId = (): string => randomUUID();

/** Lower-case hex SHA-256 of a string. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A new API token as the real server issues them: `sc-` and 32 random bytes in hex (67 characters). */
export const newToken = (): string => `sc-${randomBytes(32).toString('hex')}`;

/** A token derived from a name, so the demo accounts have the same tokens on every run. */
export const fixedToken = (name: string): string => `sc-${sha256Hex(`stablecog-emulator:${name}`)}`;

/** A UUID-shaped id derived from a name (for deterministic demo users). */
export function fixedId(name: string): string {
  const h = sha256Hex(`stablecog-emulator-id:${name}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const HEX32 = /^[0-9a-f]{32}$/i;
const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parses a UUID as Go's `github.com/google/uuid` `Parse` does: the canonical form in any case,
 * `{…}`, `urn:uuid:…`, or 32 bare hex digits. Returns the canonical lower-case form or undefined.
 */
export function parseUuid(text: string): string | undefined {
  let s = text;
  if (s.length === 45 && s.slice(0, 9).toLowerCase() === 'urn:uuid:') s = s.slice(9);
  else if (s.length === 38 && s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (CANONICAL.test(s)) return s.toLowerCase();
  if (HEX32.test(s)) {
    const h = s.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return undefined;
}
