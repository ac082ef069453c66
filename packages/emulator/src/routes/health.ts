import type { App, Call } from '../app';
import { json, type Reply } from '../http/reply';

/** `GET /v1/health`. */
export async function health(_app: App, _call: Call): Promise<Reply> {
  return json(200, { status: 'ok' });
}
