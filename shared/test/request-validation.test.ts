import { createContractValidator, type ContractRequest } from '../src';

const contract = createContractValidator();
const json = { 'content-type': 'application/json' };

function violationOf(request: ContractRequest): string {
  try {
    contract.validateRequest(request);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${request.method} ${request.path} to violate the contract`);
}

describe('requests', () => {
  it('accepts a full generate body, as object or as JSON text', () => {
    const body = {
      prompt: 'a lighthouse at dawn', negative_prompt: 'blurry', model_id: '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b',
      width: 1536, height: 640, inference_steps: 30, guidance_scale: 7.5, num_outputs: 4, seed: 1824512378,
      init_image_url: 's3://c6c289e49e9c05b2145860387b73bcb18df43fb09a1e4a4a9713c76c88bb541b/8c006569-e873-49f8-af1b-2a24d9e93b69.png',
      prompt_strength: 0.5, mask_image_url: 'https://example.com/mask.png', submit_to_gallery: false,
    };
    expect(() => contract.validateRequest({ method: 'POST', path: '/v1/image/generation/create', headers: json, body })).not.toThrow();
    expect(() => contract.validateRequest({ method: 'POST', path: '/v1/image/generate', headers: json, body: JSON.stringify(body) })).not.toThrow();
  });

  it('names the field of a generate body the server would refuse', () => {
    const message = violationOf({ method: 'POST', path: '/v1/image/generation/create', headers: json, body: { prompt: 'x', width: '512', num_outputs: 5 } });
    expect(message).toContain('POST /v1/image/generation/create (createGeneration) does not match the Stablecog contract');
    expect(message).toContain('body.width: must be integer');
    expect(message).toContain('body.num_outputs: must be <= 4');
  });

  it('requires a prompt', () => {
    expect(violationOf({ method: 'POST', path: '/v1/image/generation/create', headers: json, body: { num_outputs: 1 } }))
      .toContain("body: must have required property 'prompt'");
  });

  it('checks query parameters of the outputs route', () => {
    const valid = '/v1/image/generation/outputs?per_page=300&cursor=2025-11-19T17%3A03%3A30.118406Z&gallery_status=approved,waiting_for_approval';
    expect(() => contract.validateRequest({ method: 'GET', path: valid })).not.toThrow();
    expect(() => contract.validateRequest({ method: 'GET', path: '/v1/image/generation/outputs?search=cat&cursor=40' })).not.toThrow();
    expect(violationOf({ method: 'GET', path: '/v1/image/generation/outputs?per_page=500' }))
      .toContain('query parameter per_page: must be <= 300');
    expect(violationOf({ method: 'GET', path: '/v1/image/outputs?gallery_status=accepted' }))
      .toContain('query parameter gallery_status[0]: must be equal to one of the allowed values');
  });

  it('accepts a multipart upscale by media type, and refuses a media type the route does not take', () => {
    const multipart = { 'content-type': 'multipart/form-data; boundary=----x' };
    expect(() => contract.validateRequest({ method: 'POST', path: '/v1/image/upscale/create', headers: multipart, body: '------x--' })).not.toThrow();
    expect(violationOf({ method: 'POST', path: '/v1/image/upscale/create', headers: { 'content-type': 'text/plain' }, body: 'hi' }))
      .toContain('Content-Type text/plain is not accepted (accepted: application/json, multipart/form-data)');
  });

  it('refuses a request no operation serves', () => {
    expect(violationOf({ method: 'DELETE', path: '/v1/credits' })).toContain('no operation of the document serves this request');
  });
});
