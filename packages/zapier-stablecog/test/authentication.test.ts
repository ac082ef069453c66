import { startHarness, zapierFailure, App, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(1391);
});
afterAll(() => h.close());

describe('authentication', () => {
  it('accepts a good key by reading the credit balance, and labels the connection with it', async () => {
    const result = await h.appTester(App.authentication.test, h.bundle());
    expect(result).toEqual({ total_remaining_credits: 1391 });
    const label = await h.appTester(App.authentication.connectionLabel as never, {
      ...h.bundle(),
      inputData: result,
    });
    expect(label).toBe('1,391 credits when connected');
    expect(label).not.toContain(h.token);
    const [request] = h.emulator.control.requests({ origin: 'api' }).slice(-1);
    expect(request).toMatchObject({ path: '/v1/credits', status: 200 });
    expect(request!.headers.authorization).toBe(`Bearer ${h.token}`);
  });

  it('takes a key pasted with whitespace or a "Bearer " prefix, and sends it as one Bearer token', async () => {
    for (const pasted of [`  ${h.token}\n`, `Bearer ${h.token}`, ` bearer  ${h.token} `]) {
      const result = await h.appTester(App.authentication.test, { authData: { api_token: pasted, base_url: h.emulator.url } });
      expect(result).toEqual({ total_remaining_credits: 1391 });
      const [request] = h.emulator.control.requests({ origin: 'api' }).slice(-1);
      expect(request!.headers.authorization).toBe(`Bearer ${h.token}`);
    }
  });

  it('rejects a bad key with ExpiredAuthError, a fix, and no trace of the key', async () => {
    const badKey = `sc-${'0'.repeat(64)}`;
    const failure = await zapierFailure(
      h.appTester(App.authentication.test, { authData: { api_token: badKey, base_url: h.emulator.url } }),
    );
    expect(failure.name).toBe('ExpiredAuthError');
    expect(failure.message).toMatch(/401 Unauthorized/);
    expect(failure.message).toContain('https://stablecog.com/account/api-keys');
    expect(failure.message).not.toContain(badKey);
  });

  it('defines an API key field that is masked and says where keys are made', () => {
    const [field] = App.authentication.fields!;
    expect(App.authentication.type).toBe('custom');
    expect(field).toMatchObject({ key: 'api_token', type: 'password', required: true });
    expect(field!.helpText).toContain('https://stablecog.com/account/api-keys');
    expect(field!.helpText).toContain('sc-');
  });
});
