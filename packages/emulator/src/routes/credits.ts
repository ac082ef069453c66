import type { App, Call } from '../app';
import { json, type Reply } from '../http/reply';

/** `GET /v1/credits`: the total and the credit rows (refunds are rows of their own). */
export async function credits(app: App, call: Call): Promise<Reply> {
  const account = call.account!;
  return json(200, { total_remaining_credits: app.accounts.total(account), credits: account.credits });
}
