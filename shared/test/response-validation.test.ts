import * as fs from 'node:fs';
import { createContractValidator, fixturesDir, loadFixture, type ContractResponse } from '../src';

const contract = createContractValidator();
const fixtureNames = fs.readdirSync(fixturesDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));

/** A fixture as a response, changed by `edit` (bodies are fresh copies, free to mutate). */
function sample(name: string, edit: (r: ContractResponse & { body: any }) => void = () => {}): ContractResponse {
  const response = loadFixture<ContractResponse & { body: any }>(name);
  edit(response);
  return response;
}

function violationOf(response: ContractResponse): string {
  try {
    contract.validateResponse(response);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${response.method} ${response.path} -> ${response.status} to violate the contract`);
}

describe('real-shaped responses pass', () => {
  it('covers the samples the task names', () => {
    expect(fixtureNames).toEqual(expect.arrayContaining([
      'outputs-first-page', 'generation-created', 'upscale-created', 'credits', 'generation-models', 'rate-limited', 'error-unauthorized',
    ]));
  });

  it.each(fixtureNames)('fixture %s', (name) => {
    expect(() => contract.validateResponse(sample(name))).not.toThrow();
  });

  it('accepts a JSON body given as text, and a full URL as path', () => {
    const response = sample('credits', (r) => {
      r.body = JSON.stringify(r.body);
      r.path = `http://127.0.0.1:41234${r.path}`;
    });
    expect(() => contract.validateResponse(response)).not.toThrow();
  });

  it('accepts properties the document does not know (servers add fields)', () => {
    const response = sample('generation-created', (r) => {
      r.body.queued_response = { id: 'x' };
      r.body.outputs[0].blurhash = 'LEHV6nWB2yk8';
    });
    expect(() => contract.validateResponse(response)).not.toThrow();
  });

  it('accepts a Content-Type with parameters and header names in any case', () => {
    const response = sample('upscale-defaults', (r) => {
      r.headers = { 'Content-Type': 'application/json; charset=utf-8', 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1763632801' };
    });
    expect(() => contract.validateResponse(response)).not.toThrow();
  });
});

describe('wrong responses fail with a readable message', () => {
  it('names the operation and status of a violation', () => {
    const message = violationOf(sample('credits', (r) => (r.body.total_remaining_credits = '1391')));
    expect(message).toContain('GET /v1/credits -> 200 (getCredits) does not match the Stablecog contract');
    expect(message).toContain('body.total_remaining_credits: must be integer');
  });

  it('rejects the old nested outputs shape (before July 2024)', () => {
    const nested = {
      total_count: 2,
      outputs: [{
        id: '5a72f756-9fef-4e28-a8f6-31818c81782b', width: 1024, height: 1024, inference_steps: 30, guidance_scale: 7,
        model_id: '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b', scheduler_id: '6fb13b76-9900-4fa4-abf8-8f843e034a7f', seed: 1,
        prompt: { id: 'dd228a43-9a7e-4ca5-ab12-fe9ad3da6456', text: 'a lighthouse' }, created_at: '2025-11-20T09:58:41.512847Z',
        outputs: [{ id: '6925d057-b4af-4abf-bc88-0bfdfa4bf2ff', image_url: 'https://b.stablecog.com/edc8dfd7-02ee-4b28-b8d1-6533e690dae1.jpeg', gallery_status: 'not_submitted' }],
      }],
    };
    const message = violationOf(sample('outputs-first-page', (r) => (r.body = nested)));
    expect(message).toContain("body.outputs[0]: must have required property 'image_url'");
    expect(message).toContain("body.outputs[0]: must have required property 'generation'");
  });

  it('rejects a wrong type deep in an item', () => {
    const message = violationOf(sample('outputs-first-page', (r) => (r.body.outputs[1].generation.width = '1024')));
    expect(message).toContain('body.outputs[1].generation.width: must be integer');
  });

  it('rejects a missing required field', () => {
    const message = violationOf(sample('generation-created', (r) => delete r.body.outputs[1].image_url));
    expect(message).toContain("body.outputs[1]: must have required property 'image_url'");
  });

  it('rejects the misspelt prompt_strengtht of the vendored spec', () => {
    const message = violationOf(sample('generation-defaults', (r) => {
      r.body.prompt_strengtht = r.body.prompt_strength;
      delete r.body.prompt_strength;
    }));
    expect(message).toContain("body: must have required property 'prompt_strength'");
  });

  it('rejects the gallery status the vendored spec invented', () => {
    const message = violationOf(sample('outputs-first-page', (r) => (r.body.outputs[2].gallery_status = 'accepted')));
    expect(message).toMatch(/body\.outputs\[2\]\.gallery_status: must be equal to one of the allowed values \("not_submitted", .*"waiting_for_approval"\)/);
  });

  it('rejects a next cursor that is neither a time nor an offset', () => {
    const message = violationOf(sample('outputs-first-page', (r) => (r.body.next = 'page-2')));
    expect(message).toContain('body.next: must match format "date-time"');
  });

  it('rejects times not written as Go writes RFC 3339', () => {
    const message = violationOf(sample('outputs-first-page', (r) => (r.body.outputs[0].created_at = '2025-11-20 09:58:49.731902+00')));
    expect(message).toContain('body.outputs[0].created_at: must match pattern');
  });

  it('rejects an undocumented status code', () => {
    const message = violationOf(sample('error-insufficient-credits', (r) => (r.status = 402)));
    expect(message).toContain('POST /v1/image/generation/create -> 402 (createGeneration)');
    expect(message).toContain('status 402 is not documented (documented: 200, 400, 401, 403, 413, 428, 429, 500, 502, 524)');
  });

  it('rejects a lower-case unauthorized (the server says Unauthorized)', () => {
    expect(violationOf(sample('error-unauthorized', (r) => (r.body.error = 'unauthorized'))))
      .toContain('body.error: must be equal to constant ("Unauthorized")');
    expect(violationOf(sample('error-unauthorized-create', (r) => (r.body.error = 'image_not_owned'))))
      .toContain('body.error: must be equal to one of the allowed values ("Unauthorized", "init_image_not_owned")');
  });

  it('rejects a 429 sent as JSON, and one without Retry-After', () => {
    const asJson = sample('rate-limited', (r) => {
      r.headers['content-type'] = 'application/json';
      r.body = { error: 'Too Many Requests' };
    });
    expect(violationOf(asJson)).toContain('Content-Type application/json is not documented for this status (documented: text/plain)');
    expect(violationOf(sample('rate-limited', (r) => delete r.headers['retry-after'])))
      .toContain('header Retry-After is required but missing');
  });

  it('rejects rate-limit headers that are not integers', () => {
    expect(violationOf(sample('credits', (r) => (r.headers['x-ratelimit-reset'] = 'soon'))))
      .toContain('header x-ratelimit-reset: must be integer');
  });

  it('rejects a response without its always-present rate-limit headers', () => {
    expect(violationOf(sample('outputs-first-page', (r) => delete r.headers['x-ratelimit-remaining'])))
      .toContain('header X-RateLimit-Remaining is required but missing');
  });

  it('rejects a body that is not the JSON it claims to be', () => {
    expect(violationOf(sample('health', (r) => (r.body = 'OK')))).toContain('body is not valid JSON');
  });

  it('rejects a body on the empty 405 and a JSON 404 for an unknown route', () => {
    expect(violationOf(sample('method-not-allowed', (r) => (r.body = '{"error":"method not allowed"}'))))
      .toMatch(/GET \/v1\/image\/generation\/create -> 405 \(no operation for this method\)[^]*no body is documented/);
    expect(violationOf(sample('route-not-found', (r) => {
      r.headers['content-type'] = 'application/json';
      r.body = { error: 'not_found' };
    }))).toContain('Content-Type application/json is not documented for this status (documented: text/plain)');
  });

  it('rejects a status an unknown route never gets', () => {
    expect(violationOf({ method: 'GET', path: '/v1/images', status: 200, headers: { 'content-type': 'application/json' }, body: {} }))
      .toMatch(/GET \/v1\/images -> 200 \(no route for this path\)[^]*status 200 is not documented \(documented: 404\)/);
  });

  it('rejects a missing Content-Type when a body is documented', () => {
    expect(violationOf(sample('upload', (r) => delete r.headers['content-type'])))
      .toContain('Content-Type header is missing (documented: application/json)');
  });
});

describe('operationIdFor', () => {
  it('maps routes, aliases and query strings to operations', () => {
    expect(contract.operationIdFor('POST', '/v1/image/generation/create')).toBe('createGeneration');
    expect(contract.operationIdFor('post', '/v1/image/generate')).toBe('createGenerationAlias');
    expect(contract.operationIdFor('GET', '/v1/image/outputs?cursor=2025-11-19T17%3A03%3A30.118406Z')).toBe('listGenerationOutputsAlias');
    expect(contract.operationIdFor('GET', '/v1/image/generation/create')).toBeUndefined();
  });
});
