/** The leak search itself can fail: it finds the token in every form the suites look for. */
import { capturePrinted, everythingShownBy, findSecret, SECRET_BODY, SECRET_TOKEN } from '@stablecog/testkit';

describe('the token search', () => {
  it.each([
    ['the whole token', `Authorization: Bearer ${SECRET_TOKEN}`],
    ['its 64-hex body', `key=${SECRET_BODY}`],
    ['a 16-character piece anywhere', `token starts with ${SECRET_BODY.slice(13, 29)}…`],
    ['upper case', SECRET_BODY.toUpperCase()],
  ])('finds %s', (_label, text) => {
    expect(findSecret(text)).not.toEqual([]);
  });

  it('finds nothing in text without it (ids, hashes, other tokens)', () => {
    expect(findSecret(`5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64 sc-${'ab'.repeat(32)} ${'e3b0c442'.repeat(8)}`)).toEqual([]);
  });

  it('sees an error’s cause and hidden fields', () => {
    const error = new Error('outer', { cause: Object.assign(new Error('inner'), { config: { headers: { Authorization: `Bearer ${SECRET_TOKEN}` } } }) });
    expect(findSecret(everythingShownBy(error))).not.toEqual([]);
  });

  it('captures console calls and direct writes to stdout and stderr', async () => {
    const { printed } = await capturePrinted(async () => {
      console.log('log %s', 'one');
      console.error('error two');
      process.stdout.write('stdout three\n');
      process.stderr.write(Buffer.from('stderr four\n'));
    });
    expect(printed).toMatch(/log one[\s\S]*error two[\s\S]*stdout three[\s\S]*stderr four/);
  });
});
