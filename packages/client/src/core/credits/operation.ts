/** `GET /v1/credits` and `GET /v1/health`: the account's balance and the server's state. */
import { errorFromResponse, readBody } from '../http/response';
import { getRequest, isSuccess, parser, same, type Operation } from '../http/operation';
import { CreditsSchema, type Credits } from './schema';

/** `GET /v1/credits`: the balance; also the cheapest way to test a token. */
export const credits: Operation<void, Credits> = {
  name: 'credits',
  build: (_input, ctx) => getRequest('credits', '/v1/credits', true, ctx),
  parse: parser(CreditsSchema, 'a credit balance', same),
};

/** `GET /v1/health` (no auth): whatever the server reports. */
export const health: Operation<void, unknown> = {
  name: 'health',
  build: (_input, ctx) => getRequest('health', '/v1/health', false, ctx),
  parse(raw, ctx) {
    if (!isSuccess(raw.status)) throw errorFromResponse(raw, ctx);
    const { json, text } = readBody(raw.body);
    return json ?? text;
  },
};
