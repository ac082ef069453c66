/** The API token as people paste it. */

/**
 * The token without what a paste often brings along: surrounding whitespace (a newline from a
 * terminal or a file) and a leading `Bearer ` copied with it from a header. The server compares
 * the rest exactly, so these would otherwise be a 401 that looks like a wrong key.
 */
export function cleanApiToken(raw: string): string {
  return raw.trim().replace(/^bearer\s+/i, '').trim();
}
