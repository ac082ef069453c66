/**
 * A token nobody could mistake for anything else, and the search for it: the whole token, its
 * 64-hex body, and any 16-character stretch of that body (a shortened token is a leak too).
 */
import { inspect } from 'node:util';

/** The body of the distinctive token: 64 hex digits that spell their purpose. */
export const SECRET_BODY = '5ec2e7700ce2' + 'dead10cc' + 'c0ffee00' + 'badcab1e' + 'feedf00d' + '0ddba115' + 'facade00' + 'd0d0';

/** A well-formed Stablecog token (`sc-` + 64 hex) that appears nowhere else. */
export const SECRET_TOKEN = `sc-${SECRET_BODY}`;

/** A second distinctive token that no account has: a rejected key must not be echoed either. */
export const WRONG_TOKEN = `sc-${'0badf00d'.repeat(4)}${'5ca1ab1e'.repeat(4)}`;

if (!/^sc-[0-9a-f]{64}$/.test(SECRET_TOKEN)) throw new Error('SECRET_TOKEN must be sc- followed by 64 hex digits');

/** Where the token (or a piece of it) appears in `text`, with some context; empty when nowhere. */
export function findSecret(text: string, token: string = SECRET_TOKEN): string[] {
  const body = token.replace(/^sc-/, '');
  const needles = new Set([token, body]);
  for (let i = 0; i + 16 <= body.length; i++) needles.add(body.slice(i, i + 16));
  const lower = text.toLowerCase();
  const hits: string[] = [];
  for (const needle of needles) {
    const at = lower.indexOf(needle.toLowerCase());
    if (at !== -1) hits.push(`…${text.slice(Math.max(0, at - 60), at + needle.length + 20)}…`);
  }
  return hits;
}

/** Fails with where the token was seen. `where` names what was searched, for the failure message. */
export function expectNoSecret(text: string, where: string, token: string = SECRET_TOKEN): void {
  expect({ where, leaks: findSecret(text, token) }).toEqual({ where, leaks: [] });
}

/** Everything an error can show: message, JSON, util.inspect (causes and hidden fields), stacks. */
export function everythingShownBy(err: unknown): string {
  const parts = [String(err), safeJson(err), inspect(err, { depth: Infinity, showHidden: true })];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    parts.push(e.message, e.stack ?? '', safeJson(e));
  }
  return parts.join('\n');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
