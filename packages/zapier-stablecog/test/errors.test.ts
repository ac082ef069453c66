/**
 * Every Stablecog failure reaches Zapier as the right error class with a message that says what
 * happened and how to fix it, never with the token; nothing is retried that could charge twice.
 */
import { Stablecog } from '@stablecog/client';
import { CONTENT_MARKERS } from '@stablecog/emulator';
import { App, eventually, failConnections, startHarness, withTimeBudget, zapierFailure, type Harness, type ZapierErrorShape } from './helpers';

const generate = App.creates.generate_image.operation.perform;
const upscale = App.creates.upscale_image.operation.perform;

let h: Harness;
const failures: ZapierErrorShape[] = [];
beforeAll(async () => {
  h = await startHarness(1000);
});
afterAll(() => h.close());
afterEach(() => {
  h.emulator.control.clearFaults();
  h.emulator.control.configure({ latencyMs: 50, slots: { pro: 3 }, overflowLimit: 50 });
  h.emulator.control.setCredits(h.token, 1000);
});

async function fails(perform: unknown, inputData: Record<string, unknown>, authData?: Record<string, string>) {
  const bundle = h.bundle(inputData);
  if (authData) bundle.authData = authData;
  const failure = await zapierFailure(h.appTester(perform as never, bundle));
  failures.push(failure);
  return failure;
}

function generateRequests(): number {
  return h.emulator.control.requests({ origin: 'api' }).filter((r) => r.path === '/v1/image/generation/create').length;
}

describe('error mapping', () => {
  it('401 Unauthorized → ExpiredAuthError (reconnect)', async () => {
    const failure = await fails(generate, { prompt: 'x' }, { api_token: `sc-${'a'.repeat(64)}`, base_url: h.emulator.url });
    expect(failure.name).toBe('ExpiredAuthError');
    expect(failure.message).toMatch(/The API token was rejected \(401 Unauthorized\)\. Reconnect Stablecog in Zapier/);
  });

  it('401 image_not_owned is no credential problem → Error that says to map the image itself', async () => {
    // Another account's upload, passed on as an s3:// object.
    const other = h.emulator.control.createAccount({ credits: 10 });
    const cdnImage = await (await fetch(await someImageUrl())).arrayBuffer();
    const { object } = await new Stablecog({ apiToken: other.token, baseUrl: h.emulator.url }).images.upload({
      data: new Uint8Array(cdnImage),
    });
    const failure = await fails(generate, { prompt: 'x', show_advanced: 'true', init_image: object });
    expect(failure.name).toBe('AppError');
    expect(failure.status).toBe(401);
    expect(failure.code).toBe('init_image_not_owned');
    expect(failure.message).toMatch(/belongs to another account.*the API token itself is fine.*Map the image file itself/);
  });

  it('insufficient credits → HaltedError with where to buy credits; nothing charged', async () => {
    h.emulator.control.setCredits(h.token, 0);
    const failure = await fails(generate, { prompt: 'x' });
    expect(failure.name).toBe('HaltedError');
    expect(failure.message).toMatch(/not have enough credits.*nothing was charged.*https:\/\/stablecog\.com\/pricing/);
    expect(h.emulator.control.credits(h.token)).toBe(0);
  });

  it('a refused prompt (nsfw_prompt) → HaltedError asking to rephrase; nothing charged', async () => {
    const failure = await fails(generate, { prompt: `a ${CONTENT_MARKERS.nsfwPrompt} scene` });
    expect(failure.name).toBe('HaltedError');
    expect(failure.message).toMatch(/refused by content moderation.*nothing was charged.*Rephrase the prompt/);
    expect(h.emulator.control.credits(h.token)).toBe(1000);
  });

  it('every image removed by the safety filter (200, charged) → HaltedError that says so', async () => {
    const failure = await fails(generate, { prompt: `a ${CONTENT_MARKERS.filterAll} scene` });
    expect(failure.name).toBe('HaltedError');
    expect(failure.message).toMatch(/safety filter removed every image.*charged.*999 credits left/);
  });

  it('429 on a create is sent again within the step’s time (it was never charged) until accepted: one image, one charge', async () => {
    h.emulator.control.injectFaults({ route: 'generate', kind: '429', times: 2 });
    const before = generateRequests();
    const result = (await h.appTester(generate, h.bundle({ prompt: 'x' }))) as Record<string, unknown>;
    expect(result.status).toBe('completed');
    expect(generateRequests() - before).toBe(3);
    expect(h.emulator.control.credits(h.token)).toBe(999);
  });

  it('429 on a create that outlasts the step’s time → ThrottledError; parallel steps get spread delays (nothing charged)', async () => {
    h.emulator.control.injectFaults({ route: 'generate', kind: '429' });
    const throttled = await withTimeBudget(2_000, () =>
      Promise.all(Array.from({ length: 6 }, (_, i) => fails(generate, { prompt: `throttled ${i}` }))),
    );
    for (const failure of throttled) {
      expect(failure.name).toBe('ThrottledError');
      expect(failure.delay).toBeGreaterThanOrEqual(10);
      expect(failure.message).toMatch(/limiting requests from Zapier’s servers.*Nothing was charged/);
    }
    // Reruns at the same moment would collide again: the suggested delays differ.
    expect(new Set(throttled.map((f) => f.delay)).size).toBeGreaterThanOrEqual(3);
    expect(h.emulator.control.credits(h.token)).toBe(1000);
  });

  it('429 on a read is retried briefly, then becomes a ThrottledError', async () => {
    h.emulator.control.injectFaults({ route: 'credits', kind: '429', times: 1 });
    await expect(h.appTester(App.authentication.test, h.bundle())).resolves.toEqual({ total_remaining_credits: 1000 });
    h.emulator.control.injectFaults({ route: 'credits', kind: '429', times: 10 });
    const failure = await fails(App.authentication.test, {});
    expect(failure.name).toBe('ThrottledError');
    expect(failure.delay).toBeGreaterThanOrEqual(10);
  });

  it('a queue still full when the step’s time runs out (queue_limit_reached) → ThrottledError of a minute', async () => {
    // One running slot and one place in the queue: a third generate is turned away until the first finishes.
    h.emulator.control.configure({ latencyMs: 6000, slots: { pro: 0 }, overflowLimit: 0 });
    const running = [h.appTester(generate, h.bundle({ prompt: 'first' })), h.appTester(generate, h.bundle({ prompt: 'second' }))];
    await eventually(() => expect(h.emulator.control.usage(h.token).waiting).toBe(1));
    // The refusal comes before any charge, so the step waits it out, but only within its own time
    // (2.5 s here: more than the 1 s the step keeps for sending, far less than the queue's 6 s).
    const failure = await withTimeBudget(2_500, () => fails(generate, { prompt: 'third' }));
    await Promise.all(running);
    expect(failure.name).toBe('ThrottledError');
    expect(failure.delay).toBe(60);
    expect(failure.message).toMatch(/More than 50 requests.*Nothing was charged/);
    expect(h.emulator.control.credits(h.token)).toBe(1000 - 2);
  });

  it('a queue that clears within the step’s time (queue_limit_reached) → the step waits, then generates once', async () => {
    h.emulator.control.configure({ latencyMs: 1500, slots: { pro: 0 }, overflowLimit: 0 });
    const running = [h.appTester(generate, h.bundle({ prompt: 'first' })), h.appTester(generate, h.bundle({ prompt: 'second' }))];
    await eventually(() => expect(h.emulator.control.usage(h.token).waiting).toBe(1));
    const third = (await h.appTester(generate, h.bundle({ prompt: 'third' }))) as { status: string };
    await Promise.all(running);
    expect(third.status).toBe('completed');
    expect(h.emulator.control.credits(h.token)).toBe(1000 - 3);
  });

  it('500 TIMEOUT (refunded) → Error that says it is safe to run again', async () => {
    h.emulator.control.injectFaults({ route: 'generate', kind: 'timeout', times: 1 });
    const failure = await fails(generate, { prompt: 'x' });
    expect(failure.name).toBe('AppError');
    expect(failure.code).toBe('TIMEOUT');
    expect(failure.message).toMatch(/refunded the credits.*Run the step again/);
    expect(h.emulator.control.credits(h.token)).toBe(1000);
  });

  it('a worker failure (500, refunded) → Error', async () => {
    h.emulator.control.injectFaults({ route: 'generate', kind: 'worker-failure', times: 1 });
    const failure = await fails(generate, { prompt: 'x' });
    expect(failure.name).toBe('AppError');
    expect(failure.status).toBe(500);
    expect(failure.message).toMatch(/server failed.*refunds a failed generation/);
  });

  it('a connection dropped after the create was charged → HaltedError with prompt, seed and time; never re-sent', async () => {
    h.emulator.control.injectFaults({ route: 'generate', kind: 'drop', times: 1 });
    const before = generateRequests();
    const failure = await fails(generate, { prompt: 'a dropped lighthouse', seed: '777' });
    expect(failure.name).toBe('HaltedError');
    expect(failure.message).toMatch(/connection to Stablecog broke.*Prompt "a dropped lighthouse", Seed 777 and Since \d{4}-\d\d-\d\dT/);
    expect(failure.message).toMatch(/Do not run this step again/);
    await eventually(() => expect(generateRequests() - before).toBe(1));
  });

  it('a create that never reached Stablecog (EHOSTUNREACH) → Error saying nothing was charged, not a "may be charged" halt', async () => {
    const before = generateRequests();
    const restore = failConnections('/v1/image/generation/create', 'EHOSTUNREACH');
    let failure: ZapierErrorShape;
    try {
      // A short budget: a create that never connected is sent again while time is left, then reported.
      failure = await withTimeBudget(11_000, () => fails(generate, { prompt: 'an unreachable lighthouse' }));
    } finally {
      restore();
    }
    expect(failure.name).not.toBe('HaltedError');
    expect(failure.message).toMatch(/nothing was charged/i);
    expect(failure.message).not.toMatch(/may (still )?(finish|have|be)|Do not run this step again/);
    expect(generateRequests() - before).toBe(0);
    expect(h.emulator.control.credits(h.token)).toBe(1000);
  });

  it('images dropped by the content filter: the result says how many were asked for, made and charged', async () => {
    const result = (await h.appTester(generate, h.bundle({ prompt: `a ${CONTENT_MARKERS.filterOne} scene`, num_outputs: '3' }))) as Record<string, any>;
    expect(result.image_count).toBe(2);
    expect(result.message).toMatch(/3 images were asked for, 2 were made.*charged 3 credits/);
    expect(h.emulator.control.credits(h.token)).toBe(997);
  });

  it('"still generating" says Stablecog may charge (it refunds a failure or timeout) and keeps the image fields, empty', async () => {
    h.emulator.control.configure({ latencyMs: 10_000 });
    const result = (await withTimeBudget(2_500, () =>
      h.appTester(generate, h.bundle({ prompt: 'a slow owl', seed: '8', if_slow: 'continue' })),
    )) as Record<string, any>;
    expect(result.status).toBe('still_generating');
    expect(result.message).toMatch(/may still finish.*charge.*fails or times out.*refunds/);
    expect(result.message).not.toMatch(/charges for them anyway|finishes the images anyway/);
    expect(result).toMatchObject({ id: '', image_url: '', image_file: '', outputs: [], image_count: 0 });
    const declared = (App.creates.generate_image.operation.outputFields as Array<{ key: string }>)
      .map((field) => field.key)
      .filter((key) => !key.includes('[]'));
    for (const key of declared) expect(result).toHaveProperty(key);
  });

  it('an upload the API refuses (not an image) → Error naming the field', async () => {
    const notAnImage = `${h.emulator.url}/v1/health`; // JSON, not an image
    const failure = await fails(upscale, { image: notAnImage });
    expect(failure.name).toBe('AppError');
    expect(failure.message).toMatch(/^file: must be a JPEG, PNG or WebP image|^Image: must be a JPEG, PNG or WebP image/);
  });

  it('an image link that answers 404 → Error naming the link, before anything is charged', async () => {
    const failure = await fails(upscale, { image: `${h.emulator.cdnUrl}/00000000-0000-4000-8000-000000000000.jpeg` });
    expect(failure.name).toBe('AppError');
    expect(failure.message).toMatch(/Could not download the image at http:\/\/127\.0\.0\.1:\d+\/00000000-.*HTTP 404/);
    expect(h.emulator.control.credits(h.token)).toBe(1000);
  });

  it('never puts the token in a message', () => {
    expect(failures.length).toBeGreaterThan(5);
    for (const failure of failures) expect(JSON.stringify(failure)).not.toContain(h.token);
  });
});

/** The CDN link of an image generated for this account. */
async function someImageUrl(): Promise<string> {
  const result = (await h.appTester(generate, h.bundle({ prompt: 'a source image' }))) as { image_url: string };
  return result.image_url;
}
