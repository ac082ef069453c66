import type { App, Call } from './app';
import { unauthorized, type Reply } from './http/reply';

/**
 * Bearer auth as the real middleware does it: the header is split on the literal, case-sensitive
 * `"Bearer "`, and anything but exactly two parts is 401 (so `bearer x`, a missing header or a
 * doubled prefix fail). Only `sc-` keys are looked up; everything else would be a web-UI JWT.
 */
export function authenticate(app: App, call: Call): Reply | undefined {
  const parts = (call.req.headers.authorization ?? '').split('Bearer ');
  if (parts.length !== 2) return unauthorized();
  const token = parts[1];
  const account = token.startsWith('sc-') ? app.accounts.byToken(token) : undefined;
  if (!account) return unauthorized();
  call.account = account;
  return undefined;
}
