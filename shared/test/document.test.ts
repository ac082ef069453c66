import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dereferenceSync } from 'dereference-json-schema';
import { OpenAPIValidator, type Document } from 'openapi-backend';
import { parse as parseYaml } from 'yaml';
import { contractPath } from '../src';
import { ajvOptions, createAjvProvider } from '../src/contract/ajv';
import { assertValidOpenApiDocument } from '../src/contract/check-document';

const text = fs.readFileSync(contractPath, 'utf8');
interface ContractDocument {
  openapi: string;
  info: { description: string };
  paths: Record<string, Record<string, { operationId?: string; deprecated?: boolean; responses: object }>>;
}
const document = parseYaml(text) as ContractDocument;
const operations = Object.entries(document.paths).flatMap(([route, item]) =>
  Object.entries(item).map(([method, operation]) => ({ route, method, operation })),
);

/** A copy of the document under a fresh name and content, so the checker really runs (no cached pass). */
function scratchCopy(content: string): { file: string; content: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stablecog-contract-test-'));
  const file = path.join(dir, 'copy.openapi.yaml');
  const unique = `${content}\n# ${dir}\n`;
  fs.writeFileSync(file, unique);
  return { file, content: unique };
}

describe('the contract document', () => {
  it('is a valid OpenAPI 3.1 document for @seriousme/openapi-schema-validator', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    const copy = scratchCopy(text);
    expect(() => assertValidOpenApiDocument(copy.file, copy.content)).not.toThrow();
  });

  it('fails loudly, naming the problem, when the document is broken', () => {
    const broken = scratchCopy(text.replace('  /v1/health:\n    get:\n', '  /v1/health:\n    fetch:\n'));
    expect(() => assertValidOpenApiDocument(broken.file, broken.content)).toThrow(/is not a valid OpenAPI document:\n.*\/paths\/~1v1~1health/);
  });

  it('keeps the attribution to the MIT-licensed vendored spec', () => {
    expect(document.info.description).toMatch(/stablecog\/sc-go \(MIT License/);
  });

  it('gives every operation a unique operationId', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents each route alias as its own path, marked deprecated', () => {
    const aliases = ['/v1/image/generate', '/v1/image/upscale', '/v1/image/outputs', '/v1/image/models/generate',
      '/v1/image/models/upscale', '/v1/image/defaults/generate', '/v1/image/defaults/upscale'];
    for (const alias of aliases) {
      const [operation] = Object.values(document.paths[alias]) as { deprecated?: boolean }[];
      expect({ alias, deprecated: operation.deprecated }).toEqual({ alias, deprecated: true });
    }
  });

  it('documents the 429 of the rate limiter on every route but health', () => {
    const without429 = operations.filter(({ operation }) => !('429' in operation.responses)).map(({ route }) => route);
    expect(without429).toEqual(['/v1/health']);
  });

  it('compiles every request, response and header schema under strict JSON Schema 2020-12', () => {
    const definition = dereferenceSync(document) as unknown as Document;
    expect(() => new OpenAPIValidator({ definition, ajvOpts: ajvOptions, customizeAjv: createAjvProvider() })).not.toThrow();
  });

  it('rejects a misspelt schema keyword instead of validating nothing', () => {
    const definition = {
      openapi: '3.1.0',
      info: { title: 'typo', version: '1' },
      paths: { '/x': { get: { operationId: 'x', responses: { '200': { description: 'ok', content: {
        'application/json': { schema: { type: 'object', requried: ['id'] } } } } } } } },
    } as unknown as Document;
    expect(() => new OpenAPIValidator({ definition, ajvOpts: ajvOptions, customizeAjv: createAjvProvider() })).toThrow(/unknown keyword: "requried"/);
  });
});
