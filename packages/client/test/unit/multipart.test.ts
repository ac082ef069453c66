import { encodeMultipart } from '../../src/core/http/multipart';
import { queryString, requestUrl } from '../../src/core/http/url';

describe('encodeMultipart', () => {
  it('produces a body a real multipart parser reads back', async () => {
    const data = Uint8Array.from([0xff, 0xd8, 0xff, 0x00, 0x0d, 0x0a, 0x2d, 0x2d]);
    const { body, contentType } = encodeMultipart(
      [
        { name: 'file', kind: 'file', data, filename: 'pic "1".jpg', contentType: 'image/jpeg' },
        { name: 'data', kind: 'field', value: '{"model_id":"m"}' },
      ],
      'stablecog-boundary-1234',
    );
    const form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
    const file = form.get('file') as File;
    expect(file.name).toBe('pic "1".jpg');
    expect(file.type).toBe('image/jpeg');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(data);
    expect(form.get('data')).toBe('{"model_id":"m"}');
  });
});

describe('urls', () => {
  it('encodes every value once and drops undefined ones', () => {
    expect(queryString({ cursor: '2025-01-02T03:04:05.123456+01:00', per_page: 5, x: undefined, f: false })).toBe(
      '?cursor=2025-01-02T03%3A04%3A05.123456%2B01%3A00&per_page=5&f=false',
    );
    expect(queryString({})).toBe('');
    expect(requestUrl('http://h:1/', { path: '/v1/credits' })).toBe('http://h:1/v1/credits');
  });
});
