import { isLosslessNumber, parse } from 'lossless-json';
import { parseUuid } from '../ids';

/**
 * Decodes a JSON body the way Go's `encoding/json` fills the server's request structs, because
 * its strictness is part of the API: a wrong type (`"width":"512"`), a fraction for an integer
 * (`512.0`), an unparsable UUID (`"model_id":""`) are all `json_parse_error`; keys match their
 * field case-insensitively; unknown keys are ignored; `null` leaves a field unset.
 */

/** The Go field types the request structs use. */
export type GoType = 'string' | 'int32' | 'int64' | 'float32' | 'bool' | 'uuid';
export type GoStruct = Record<string, GoType>;

type JsValue<T extends GoType> = T extends 'string' | 'uuid' ? string : T extends 'bool' ? boolean : number;
/** The decoded body: each field present only when the JSON set it. */
export type Decoded<S extends GoStruct> = { -readonly [K in keyof S]?: JsValue<S[K]> };

/** The body is not valid JSON for the struct (the server answers `400 json_parse_error`). */
export class JsonParseError extends Error {}

const INT_RANGE = { int32: [-(2n ** 31n), 2n ** 31n - 1n], int64: [-(2n ** 63n), 2n ** 63n - 1n] } as const;
const FLOAT32_MAX = 3.4028234663852886e38;

function convert(value: unknown, type: GoType, field: string): string | number | boolean {
  const fail = (): never => {
    throw new JsonParseError(`cannot unmarshal ${describe(value)} into field ${field} of type ${type}`);
  };
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : fail();
    case 'bool':
      return typeof value === 'boolean' ? value : fail();
    case 'uuid':
      return (typeof value === 'string' && parseUuid(value)) || fail();
    case 'float32': {
      if (!isLosslessNumber(value)) return fail();
      const n = Number(value.value);
      return Math.abs(n) <= FLOAT32_MAX ? n : fail();
    }
    case 'int32':
    case 'int64': {
      if (!isLosslessNumber(value) || !/^-?\d+$/.test(value.value)) return fail();
      const n = BigInt(value.value);
      const [min, max] = INT_RANGE[type];
      return n >= min && n <= max ? Number(n) : fail();
    }
  }
}

function describe(value: unknown): string {
  if (isLosslessNumber(value)) return `number ${value.value}`;
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** Decodes `text` into the fields of `struct`, or throws JsonParseError. */
export function decodeGoJson<S extends GoStruct>(text: string, struct: S): Decoded<S> {
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new JsonParseError(err instanceof Error ? err.message : String(err));
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || isLosslessNumber(value)) {
    throw new JsonParseError(`cannot unmarshal ${describe(value)} into the request object`);
  }
  const byLowerName = new Map(Object.keys(struct).map((name) => [name.toLowerCase(), name]));
  const out: Record<string, unknown> = {};
  let firstError: JsonParseError | undefined;
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const field = key in struct ? key : byLowerName.get(key.toLowerCase());
    if (!field) continue;
    if (raw === null) {
      delete out[field];
      continue;
    }
    try {
      out[field] = convert(raw, struct[field], field);
    } catch (err) {
      // Go keeps decoding after a type error and reports the first one at the end.
      firstError ??= err as JsonParseError;
    }
  }
  if (firstError) throw firstError;
  return out as Decoded<S>;
}
