/**
 * Images as Zapier files. `z.stashFile` needs Zapier's servers (a deploy key), so these tests check
 * the two halves that run here: the pointer a step returns, and the hydrator's download.
 */
import type { ZObject } from 'zapier-platform-core';
import { downloadImage, isStablecogImage, stashImage } from '../src/files';
import { App, startHarness, type Harness } from './helpers';

let h: Harness;
let imageUrl: string;
beforeAll(async () => {
  h = await startHarness(100);
  ({ image_url: imageUrl } = (await h.appTester(App.creates.generate_image.operation.perform, h.bundle({ prompt: 'a teapot' }))) as { image_url: string });
});
afterAll(() => h.close());

describe('image files', () => {
  it('returns a dehydrated pointer naming the registered hydrator and only the image URL', async () => {
    const result = (await h.appTester(App.creates.generate_image.operation.perform, h.bundle({ prompt: 'a kettle' }))) as Record<string, string>;
    const match = /^hydrate\|\|\|(.*)\|\|\|hydrate$/.exec(result.image_file!);
    expect(match).not.toBeNull();
    expect(JSON.parse(match![1]!)).toEqual({ type: 'file', method: 'hydrators.stashImage', bundle: { url: result.image_url } });
    expect(App.hydrators!.stashImage).toBe(stashImage);
    expect(result.image_file).not.toContain(h.token);
  });

  it('downloads the image for the hydrator from the CDN without the Authorization header', async () => {
    const bytes = (await h.appTester(
      async (z: ZObject) => Buffer.from(await (await downloadImage(z, imageUrl)).buffer()).toString('base64'),
      h.bundle(),
    )) as string;
    const data = Buffer.from(bytes, 'base64');
    expect(data.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // a JPEG
    const download = h.emulator.control.requests({ origin: 'cdn' }).pop()!;
    expect(imageUrl.endsWith(download.path)).toBe(true);
    expect(download.status).toBe(200);
    expect(download.headers.authorization).toBeUndefined();
    // …while the API itself got the token.
    const api = h.emulator.control.requests({ origin: 'api' }).pop()!;
    expect(api.headers.authorization).toBe(`Bearer ${h.token}`);
  });

  it('passes only Stablecog’s own images to the API as they are; anything else is uploaded first', () => {
    expect(isStablecogImage('https://b.stablecog.com/5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64.jpeg')).toBe(true);
    expect(isStablecogImage('s3://0a1b/5d8e2c4a.png')).toBe(true);
    expect(isStablecogImage('https://b.stablecog.com.example.com/a.jpeg')).toBe(false);
    expect(isStablecogImage('https://example.com/b.stablecog.com/a.jpeg')).toBe(false);
    expect(isStablecogImage('https://zapier-dev-files.s3.amazonaws.com/cli-platform/a.png?X-Amz-Signature=1')).toBe(false);
  });

  it('the hydrator hands the download to z.stashFile (which needs Zapier’s servers, so it stops there)', async () => {
    const failure = await h.appTester(stashImage, h.bundle({ url: imageUrl })).catch((err: Error) => err);
    expect(String(failure)).toMatch(/deploy key/i);
  });
});
