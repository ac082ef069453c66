import {
  AuthenticationError,
  ContentPolicyError,
  InsufficientCreditsError,
  OutcomeUnknownError,
  PermissionError,
  QueueFullError,
  RateLimitError,
  ServerError,
  ServerTimeoutError,
  StablecogError,
  UnexpectedResponseError,
  ValidationError,
} from '../../src/core/errors';
import { credits, generate, listOutputs, upload, upscale } from '../../src/core/operations';
import type { RawResponse } from '../../src/core/request';
import { readBody, retryAfterMs, summarize } from '../../src/core/response';
import { json, text } from '../helpers/scripted-transport';

const genSpec = generate.build({ prompt: 'a red fox', seed: 7 });
const listSpec = listOutputs.build({});
const parseGenerate = (raw: RawResponse) => generate.parse(raw, { spec: genSpec, startedAt: Date.UTC(2025, 0, 1) });

function thrown(fn: () => unknown): StablecogError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StablecogError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('successful bodies', () => {
  it('keeps unknown fields and accepts missing optional ones', () => {
    const result = parseGenerate(json(200, { outputs: [{ id: 'o1', url: 'u', brand_new: 1 }], extra: true }));
    expect(result.outputs[0]).toEqual({ id: 'o1', url: 'u', brand_new: 1 });
    expect((result as Record<string, unknown>).extra).toBe(true);
    expect(result.remaining_credits).toBeUndefined();
  });

  it('accepts bodies already parsed by the transport, and bytes', () => {
    const body = { total_remaining_credits: 5 };
    const spec = credits.build(undefined);
    expect(credits.parse({ status: 200, headers: {}, body }, { spec })).toEqual(body);
    expect(credits.parse({ status: 200, headers: {}, body: Buffer.from(JSON.stringify(body)) }, { spec })).toEqual(body);
  });

  it('keeps the next cursor as the exact string sent', () => {
    const next = '2025-01-02T03:04:05.123456Z';
    expect(listOutputs.parse(json(200, { outputs: [], next }), { spec: listSpec }).next).toBe(next);
  });

  it('reports a 200 of the wrong shape clearly', () => {
    const err = thrown(() => parseGenerate(json(200, { images: [] })));
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect(err.message).toBe(
      'The server answered POST /v1/image/generation/create with 200, but the body is not a generation result (outputs: Invalid input: expected array, received undefined).',
    );
    expect(thrown(() => parseGenerate(text(200, '<html>hi</html>'))).message).toMatch(/the body is not JSON/);
  });
});

describe('error statuses', () => {
  const cases: Array<[string, RawResponse, new (...args: never[]) => StablecogError, Partial<StablecogError> & Record<string, unknown>]> = [
    ['401 Unauthorized', json(401, { error: 'Unauthorized' }), AuthenticationError, { code: 'authentication', status: 401 }],
    ['401 with no body', text(401, ''), AuthenticationError, { status: 401 }],
    ['401 image_not_owned', json(401, { error: 'init_image_not_owned' }), PermissionError, { code: 'permission', apiError: 'init_image_not_owned' }],
    ['403 banned', json(403, { error: 'user_banned' }), PermissionError, { status: 403 }],
    ['400 insufficient_credits', json(400, { error: 'insufficient_credits' }), InsufficientCreditsError, { code: 'insufficient_credits' }],
    ['400 nsfw_prompt', json(400, { error: 'nsfw_prompt' }), ContentPolicyError, { code: 'content_policy' }],
    ['400 queue_limit_reached', json(400, { error: 'queue_limit_reached' }), QueueFullError, { code: 'queue_full' }],
    ['400 free text', json(400, { error: 'Width is too large, max is: 1536' }), ValidationError, { field: 'width', status: 400 }],
    ['400 invalid_model_id', json(400, { error: 'invalid_model_id' }), ValidationError, { field: 'model_id' }],
    ['413 HTML', { status: 413, headers: { 'content-type': 'text/html' }, body: '<html><body>413 Request Entity Too Large</body></html>' }, ValidationError, { field: 'prompt' }], // a generate's body is its text: the prompt
    ['429 plain text', text(429, 'Too Many Requests\n', { 'retry-after': '1' }), RateLimitError, { retryAfterMs: 1000, code: 'rate_limited' }],
    ['500 TIMEOUT', json(500, { error: 'TIMEOUT' }), ServerTimeoutError, { code: 'server_timeout' }],
    ['500 worker failure', json(500, { error: 'An unknown error has occured' }), ServerError, { status: 500 }],
    ['404 plain text', text(404, '404 page not found\n'), UnexpectedResponseError, { status: 404 }],
    ['302 redirect', { status: 302, headers: { location: 'https://elsewhere' }, body: '' }, UnexpectedResponseError, { status: 302 }],
  ];

  it.each(cases)('%s', (_name, raw, type, fields) => {
    const err = thrown(() => parseGenerate(raw));
    expect(err).toBeInstanceOf(type);
    expect(err).toMatchObject(fields);
    expect(err.message.length).toBeGreaterThan(10);
    expect(err.hint.length).toBeGreaterThan(10);
    expect(err.operation).toBe('generate');
  });

  it('says a server timeout was refunded and is safe to try again', () => {
    const err = thrown(() => parseGenerate(json(500, { error: 'TIMEOUT' })));
    expect(err.message).toMatch(/refunded/);
    expect(err.hint).toMatch(/safe to try again/);
  });

  it('shows the plain-text bodies', () => {
    expect(thrown(() => parseGenerate(text(404, '404 page not found\n'))).message).toContain('404 page not found');
    expect(thrown(() => parseGenerate(text(429, 'Too Many Requests\n'))).message).toContain('Too Many Requests');
  });

  it('treats 502/503/504/524 on a create as an unknown outcome, with prompt, seed and start time', () => {
    for (const status of [502, 503, 504, 524]) {
      const err = thrown(() => parseGenerate(text(status, 'bad gateway')));
      expect(err).toBeInstanceOf(OutcomeUnknownError);
      const lost = err as OutcomeUnknownError;
      expect(lost).toMatchObject({ prompt: 'a red fox', seed: 7, reason: 'status', status });
      expect(lost.startedAt.toISOString()).toBe('2025-01-01T00:00:00.000Z');
      expect(lost.hint).toContain('outputs.find({ prompt, seed: 7, since: "2025-01-01T00:00:00.000Z" })');
    }
    const upscaleSpec = upscale.build({ input: '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b' });
    const lost = thrown(() => upscale.parse(text(524, ''), { spec: upscaleSpec })) as OutcomeUnknownError;
    expect(lost).toBeInstanceOf(OutcomeUnknownError);
    expect(lost.input).toBe('0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b');
    expect(lost.hint).toMatch(/upscaled_image_url/);
  });

  it('treats 502 on a read as a server error', () => {
    expect(thrown(() => listOutputs.parse(text(502, 'bad gateway'), { spec: listSpec }))).toBeInstanceOf(ServerError);
  });

  it('words upload credit errors for uploads', () => {
    const spec = upload.build({ data: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]) });
    const err = thrown(() => upload.parse(json(400, { error: 'insufficient_credits' }), { spec }));
    expect(err).toBeInstanceOf(InsufficientCreditsError);
    expect(err.message).toMatch(/^Uploads need a credit balance above 0/);
  });

  it('serialises to JSON with message and hint', () => {
    const err = thrown(() => parseGenerate(json(400, { error: 'nsfw_prompt' })));
    const plain = JSON.parse(JSON.stringify(err));
    expect(plain).toMatchObject({ name: 'ContentPolicyError', code: 'content_policy', status: 400, apiError: 'nsfw_prompt', operation: 'generate' });
    expect(plain.message).toBe(err.message);
    expect(plain.hint).toBe(err.hint);
  });
});

describe('helpers', () => {
  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs({ 'retry-after': '2' }, 0)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(retryAfterMs({}, 0)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' }, 0)).toBeUndefined();
  });

  it('reads JSON, text and garbage bodies', () => {
    expect(readBody('{"a":1}')).toEqual({ json: { a: 1 } });
    expect(readBody('{oops')).toEqual({ text: '{oops' });
    expect(readBody('Too Many Requests\n')).toEqual({ text: 'Too Many Requests\n' });
    expect(readBody(undefined)).toEqual({});
  });
});

describe('summarize', () => {
  it('turns an HTML page into its title, and folds plain text to one short line', () => {
    expect(summarize('<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>')).toBe('502 Bad Gateway');
    expect(summarize('<html><body><h1>413 Request Entity Too Large</h1>\n<hr>nginx</body></html>')).toBe('413 Request Entity Too Large nginx');
    expect(summarize('404 page not found\n')).toBe('404 page not found');
    expect(summarize('x'.repeat(300))).toHaveLength(120);
  });
});
