import type Ajv from 'ajv';
import type { Format, Options } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * openapi-backend compiles schemas with Ajv's draft-07 class, which silently ignores 2020-12
 * keywords (`unevaluatedProperties`, `prefixItems`, `$defs`, ...): an OpenAPI 3.1 document
 * needs the 2020-12 dialect. This factory is handed to openapi-backend as `customizeAjv`, so the
 * library keeps doing the validation, with the right JSON Schema draft.
 *
 * Strict mode makes a misspelt keyword or an unknown format fail at compile time (a broken
 * document fails loudly) instead of validating nothing.
 */
export const ajvOptions: Options = { strict: true, strictTypes: false, allErrors: true };

/** Formats OpenAPI defines on top of JSON Schema's (ajv-formats adds uuid, date-time, uri, ...). */
const openApiFormats: Record<string, Format> = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
  float: { type: 'number', validate: () => true },
  double: { type: 'number', validate: () => true },
  byte: { type: 'string', validate: (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) },
  binary: { type: 'string', validate: () => true },
  password: { type: 'string', validate: () => true },
};

/** Schema Object keywords of the OpenAPI 3.1 dialect that are annotations only. */
const openApiAnnotations = ['discriminator', 'xml', 'externalDocs', 'example'];

function createAjv(options: Options): Ajv {
  const ajv = new Ajv2020(options);
  addFormats(ajv);
  for (const [name, format] of Object.entries(openApiFormats)) ajv.addFormat(name, format);
  for (const keyword of openApiAnnotations) ajv.addKeyword({ keyword });
  return ajv as unknown as Ajv;
}

/**
 * Returns an openapi-backend `customizeAjv` hook that hands out one 2020-12 Ajv per option set
 * (openapi-backend asks for a fresh instance per operation; sharing them keeps loading fast).
 */
export function createAjvProvider(): (original: Ajv, options: Options) => Ajv {
  const instances = new Map<string, Ajv>();
  return (_original, options) => {
    const key = JSON.stringify(options);
    let ajv = instances.get(key);
    if (!ajv) {
      ajv = createAjv(options);
      instances.set(key, ajv);
    }
    return ajv;
  };
}
