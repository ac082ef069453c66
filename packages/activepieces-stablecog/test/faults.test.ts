/**
 * What users of a paid API fear, through the piece: a create whose answer is lost is not sent
 * again and says how to find its images (which Find Outputs then finds); a 429 burst is waited out
 * with one charge; the token is in no output and no error.
 */
import { findOutputs } from '../src/lib/actions/find-outputs';
import { generateImage } from '../src/lib/actions/generate-image';
import { upscaleImage } from '../src/lib/actions/upscale-image';
import { generateRequests, rejection, startHarness, waitFor, type Harness } from './helpers';

jest.setTimeout(60_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => await h.close());
afterEach(() => h.emulator.control.clearFaults());

const charges = () => h.emulator.control.ledger({ token: h.token }).filter((e) => e.kind === 'charge');

it('a lost create is sent once, is charged once, and says how to find its images; Find Outputs finds them', async () => {
  h.emulator.control.injectFaults([{ route: 'generate', kind: 'drop', times: 1 }]);
  const creates = generateRequests(h).length;
  const charged = charges().length;
  const error = await rejection(
    generateImage.run(h.actionContext(generateImage.props, { prompt: 'a lost lighthouse', width: 512, height: 512, seed: 4242 })),
  );
  await waitFor(() => generateRequests(h).length > creates); // a dropped request is logged when its socket closes
  expect(generateRequests(h).length).toBe(creates + 1);
  expect(charges().length).toBe(charged + 1);
  expect(error.message).toMatch(/Find Outputs step with Prompt "a lost lighthouse", Seed 4242 and Since \d{4}-/);
  expect(error.message).toMatch(/never sent again/);
  expect(error.message).not.toContain(h.token);
  const since = /Since (\S+)\./.exec(error.message)![1]!;
  const found = (await findOutputs.run(
    h.actionContext(findOutputs.props, { prompt: 'a lost lighthouse', seed: 4242, since }),
  )) as { count: number };
  expect(found.count).toBe(1);
});

it('a lost create without a seed given still says which seed was sent', async () => {
  h.emulator.control.injectFaults([{ route: 'generate', kind: 'drop', times: 1 }]);
  const error = await rejection(generateImage.run(h.actionContext(generateImage.props, { prompt: 'no seed given', width: 512, height: 512 })));
  const seed = Number(/Seed (\d+)/.exec(error.message)?.[1]);
  expect(Number.isInteger(seed)).toBe(true);
  await waitFor(() => generateRequests(h).at(-1)?.status === 0); // the connection was dropped after the job ran
});

it('a lost upscale is not sent again either', async () => {
  const made = (await generateImage.run(h.actionContext(generateImage.props, { prompt: 'to upscale', width: 512, height: 512 }))) as {
    images: Array<{ id: string }>;
  };
  h.emulator.control.injectFaults([{ route: 'upscale', kind: 'drop', times: 1 }]);
  const before = h.apiRequests().filter((r) => r.path === '/v1/image/upscale/create').length;
  const error = await rejection(upscaleImage.run(h.actionContext(upscaleImage.props, { image: made.images[0]!.id })));
  const upscales = () => h.apiRequests().filter((r) => r.path === '/v1/image/upscale/create').length;
  await waitFor(() => upscales() > before);
  expect(upscales()).toBe(before + 1);
  expect(error.message).toMatch(/never sent again/);
});

it('a 429 burst is waited out (Stablecog refuses before charging) and the generate is charged once', async () => {
  h.emulator.control.injectFaults([{ route: 'generate', kind: '429', times: 3 }]);
  const creates = generateRequests(h).length;
  const charged = charges().length;
  const result = (await generateImage.run(h.actionContext(generateImage.props, { prompt: 'rate limited', width: 512, height: 512 }))) as {
    image_count: number;
  };
  expect(result.image_count).toBe(1);
  expect(generateRequests(h).length).toBe(creates + 4);
  expect(charges().length).toBe(charged + 1);
});

it('a wrong token fails with how to fix it, and neither token appears in any message', async () => {
  const wrong = `sc-${'2'.repeat(64)}`;
  const ctx = h.actionContext(generateImage.props, { prompt: 'x', width: 512, height: 512 });
  const error = await rejection(generateImage.run({ ...ctx, auth: { ...h.auth, props: { ...h.auth.props, apiToken: wrong } } }));
  expect(error.message).toMatch(/stablecog\.com\/account\/api-keys/);
  expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(wrong);
  expect(error.cause).toBeUndefined();
});
