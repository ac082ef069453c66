import { MIN_SECRET_RUN, REDACTED, redactBody, redactResponse, redactSecret } from '../../src/core/http/redact';
import { generate } from '../../src/core/operations';
import { errorFromResponse } from '../../src/core/http/response';
import { text as textResponse } from '../helpers/scripted-transport';

const BODY = '5ec2e7700ce2dead10ccc0ffee00badcab1efeedf00d0ddba115facade00d0d0';
const TOKEN = `sc-${BODY}`;

describe('redactSecret', () => {
  it('removes the whole token, its body, and any run of 16 or more of its characters', () => {
    expect(redactSecret(`Authorization: Bearer ${TOKEN}\nhost: x`, TOKEN)).toBe(`Authorization: Bearer ${REDACTED}\nhost: x`);
    expect(redactSecret(`key ${BODY}.`, TOKEN)).toBe(`key ${REDACTED}.`);
    const piece = BODY.slice(5, 5 + MIN_SECRET_RUN);
    expect(redactSecret(`cut: ${piece}…`, TOKEN)).toBe(`cut: ${REDACTED}…`);
    expect(redactSecret(`cut: Bearer ${TOKEN.slice(0, 27)}…`, TOKEN)).toBe(`cut: Bearer ${REDACTED}…`);
  });

  it('ignores case, and finds several pieces', () => {
    expect(redactSecret(`A=${TOKEN.toUpperCase()} B=${BODY.slice(40)}`, TOKEN)).toBe(`A=${REDACTED} B=${REDACTED}`);
  });

  it('leaves text without a long enough run unchanged (the same string)', () => {
    const text = `short pieces ${BODY.slice(0, MIN_SECRET_RUN - 1)} and ${BODY.slice(20, 30)}`;
    expect(redactSecret(text, TOKEN)).toBe(text);
    expect(redactSecret(text, undefined)).toBe(text);
    expect(redactSecret(text, '')).toBe(text);
  });

  it('handles secrets with repeats, and short secrets as a whole', () => {
    const repeating = `sc-${'0badf00d'.repeat(4)}${'5ca1ab1e'.repeat(4)}`;
    expect(redactSecret(`x ${'0badf00d'.repeat(3)}5ca1ab1e5ca1 y`, repeating)).toBe(`x ${REDACTED} y`);
    expect(redactSecret('a secret b secret', 'secret')).toBe(`a ${REDACTED} b ${REDACTED}`);
  });
});

describe('redactBody', () => {
  it('redacts text, bytes and every string of a JSON value, keys included', () => {
    expect(redactBody(`echo ${TOKEN}`, TOKEN)).toBe(`echo ${REDACTED}`);
    expect(redactBody(new TextEncoder().encode(`echo ${TOKEN}`), TOKEN)).toBe(`echo ${REDACTED}`);
    expect(redactBody({ error: `bad ${TOKEN}`, list: [1, BODY], [TOKEN]: true }, TOKEN)).toEqual({
      error: `bad ${REDACTED}`,
      list: [1, REDACTED],
      [REDACTED]: true,
    });
  });

  it('returns bodies without the token as they are', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(redactBody(bytes, TOKEN)).toBe(bytes);
    expect(redactBody(null, TOKEN)).toBeNull();
    const value = { a: 1 };
    expect(redactBody(value, undefined)).toBe(value);
  });
});

describe('redactResponse', () => {
  const piece = BODY.slice(10, 40);
  it('removes every piece of the token from an error body, which messages quote', () => {
    const raw = textResponse(500, `echo ${piece} and ${TOKEN}`);
    expect(redactResponse(raw, TOKEN)).toEqual({ ...raw, body: `echo ${REDACTED} and ${REDACTED}` });
  });

  it('removes the whole token from a success body (never quoted, so pieces may stay: large pages stay cheap)', () => {
    const raw = textResponse(200, `{"a":"${TOKEN}","b":"${piece}"}`);
    expect(redactResponse(raw, TOKEN).body).toBe(`{"a":"${REDACTED}","b":"${piece}"}`);
  });

  it('returns the same response when there is nothing to remove', () => {
    const raw = textResponse(404, 'not found');
    expect(redactResponse(raw, TOKEN)).toBe(raw);
    expect(redactResponse(textResponse(500, TOKEN), undefined).body).toBe(TOKEN);
  });
});

describe('an echoing server, redacted before the core shortens its page', () => {
  it('leaves no piece of the token in the error message', () => {
    const page = `Debug: ${'-'.repeat(63)} authorization: Bearer ${TOKEN}\nhost: api`;
    const spec = generate.build({ prompt: 'x', seed: 1 });
    const unredacted = errorFromResponse(textResponse(500, page), { spec });
    expect(unredacted.message).toContain(BODY.slice(0, 16)); // why the order matters: the cut keeps a piece
    const err = errorFromResponse(redactResponse(textResponse(500, page), TOKEN), { spec });
    expect(err.message).toContain(REDACTED);
    for (let i = 0; i + MIN_SECRET_RUN <= BODY.length; i++) expect(err.message).not.toContain(BODY.slice(i, i + MIN_SECRET_RUN));
  });
});
