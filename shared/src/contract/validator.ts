// Why openapi-backend, and what this file adds to it (checked against openapi-backend 5.20/5.21):
// - It routes requests to operations (path templates, query strings, 404 vs 405) and compiles and
//   runs the JSON body, response-header and request validators with Ajv: kept, with Ajv switched to
//   JSON Schema 2020-12 (see ./ajv), since its draft-07 Ajv silently ignores 3.1-only keywords.
// - It does not reject an undocumented status (no validator = valid), never looks at Content-Type,
//   validates only application/json bodies, treats all documented headers as all-optional or
//   all-required, and its own document check knows only OpenAPI 3.0. The first four are the few
//   lines below; the document check is @seriousme/openapi-schema-validator (./check-document).
// - Pinned to 5.20.1: 5.21 depends on an ESM-only @apidevtools/json-schema-ref-parser, which jest
//   on Node 20 cannot require, so every test that loads the contract would fail.
import * as fs from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { dereferenceSync } from 'dereference-json-schema';
import { OpenAPIRouter, OpenAPIValidator, SetMatchType, type Document, type Operation } from 'openapi-backend';
import { parse as parseYaml } from 'yaml';
import { contractPath } from '../paths';
import { ajvOptions, createAjvProvider } from './ajv';
import { assertValidOpenApiDocument } from './check-document';
import { ContractViolationError, describeAjvErrors } from './violation';

/** An HTTP response to check against the contract. */
export interface ContractResponse {
  method: string;
  /** The request path, e.g. `/v1/image/generation/outputs?per_page=5` (a full URL also works). */
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Raw text (JSON or plain text), parsed JSON, bytes, or empty for no body. */
  body: unknown;
}

/** An HTTP request to check against the contract (query string and JSON body; multipart bodies only by media type). */
export interface ContractRequest {
  method: string;
  path: string;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** Checks traffic against the corrected Stablecog OpenAPI document; each method throws a {@link ContractViolationError}. */
export interface ContractValidator {
  /** Throws when the status, Content-Type, headers or body are not what the document says for this operation. */
  validateResponse(response: ContractResponse): void;
  /** Throws when the query parameters or JSON body are not what the document accepts for this operation. */
  validateRequest(request: ContractRequest): void;
  /** The operationId that serves `method path`, or undefined when no operation does. */
  operationIdFor(method: string, path: string): string | undefined;
}

interface HeaderObject {
  required?: boolean;
}
interface MediaTypeObject {
  schema?: object;
}
interface ResponseObject {
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaTypeObject>;
}
interface UnroutedResponses {
  unknownPath: Record<string, ResponseObject>;
  wrongMethod: Record<string, ResponseObject>;
}

/** Where a request lands: an operation of the document, or one of its unrouted responses. */
interface Target {
  validator: OpenAPIValidator;
  operation: Operation;
  label: string;
  routed: boolean;
}

let shared: ContractValidator | undefined;

/**
 * The contract validator (built once per process: the document does not change while it runs).
 * Loading checks the document against the OpenAPI 3.1 schema and compiles every response schema,
 * so a broken document fails here, loudly.
 */
export function createContractValidator(): ContractValidator {
  shared ??= buildContractValidator();
  return shared;
}

function buildContractValidator(): ContractValidator {
  const text = fs.readFileSync(contractPath, 'utf8');
  assertValidOpenApiDocument(contractPath, text);
  const definition = dereferenceSync(parseYaml(text)) as Document & { 'x-unrouted-responses': UnroutedResponses };

  const customizeAjv = createAjvProvider();
  const textAjv = customizeAjv(undefined as never, ajvOptions);
  const build = (doc: Document) => {
    const router = new OpenAPIRouter({ definition: doc });
    const validator = new OpenAPIValidator({ definition: doc, router, ajvOpts: ajvOptions, customizeAjv, lazyCompileValidators: true });
    return { router, validator };
  };
  const api = build(definition);

  // Requests no operation serves get the router's defaults; described as two pseudo-operations so
  // openapi-backend validates them the same way as real ones.
  const unrouted = definition['x-unrouted-responses'];
  const fallback = build({
    openapi: definition.openapi,
    info: definition.info,
    paths: {
      '/unknown-path': { get: { operationId: 'unknownPath', responses: unrouted.unknownPath } },
      '/wrong-method': { get: { operationId: 'wrongMethod', responses: unrouted.wrongMethod } },
    },
  } as unknown as Document);

  const textValidators = new WeakMap<object, ValidateFunction>();
  const textValidator = (schema: object = {}) => {
    let validate = textValidators.get(schema);
    if (!validate) {
      validate = textAjv.compile(schema);
      textValidators.set(schema, validate);
    }
    return validate;
  };

  // Compile every response schema now, so a broken one fails at load and not in the middle of a test.
  for (const { router, validator } of [api, fallback]) {
    for (const operation of router.getOperations()) {
      validator.getStatusBasedResponseValidatorForOperation(operation.operationId as string);
      for (const response of Object.values(operation.responses ?? {}) as ResponseObject[]) {
        for (const [mediaType, media] of Object.entries(response.content ?? {})) {
          if (!isJson(mediaType)) textValidator(media.schema);
        }
      }
    }
  }

  function locate(method: string, rawPath: string): Target {
    const path = pathOf(rawPath);
    try {
      const operation = api.router.matchOperation({ method, path, headers: {} }, true) as Operation;
      return { validator: api.validator, operation, label: operation.operationId as string, routed: true };
    } catch (error) {
      const kind = String((error as Error).message).startsWith('405') ? 'wrongMethod' : 'unknownPath';
      const operation = fallback.router.getOperation(kind) as Operation;
      const label = kind === 'wrongMethod' ? 'no operation for this method' : 'no route for this path';
      return { validator: fallback.validator, operation, label, routed: false };
    }
  }

  function checkHeaders(target: Target, response: ResponseObject, status: number, headers: Record<string, string>): string[] {
    const missing = Object.entries(response.headers ?? {})
      .filter(([name, header]) => header.required && headers[name.toLowerCase()] === undefined)
      .map(([name]) => `header ${name} is required but missing`);
    const { errors } = target.validator.validateResponseHeaders(headers, target.operation, {
      statusCode: status,
      setMatchType: SetMatchType.Any,
    });
    return [...missing, ...describeAjvErrors(errors, '')];
  }

  function checkBody(target: Target, response: ResponseObject, status: number, contentType: string | undefined, body: unknown): string[] {
    const content = response.content ?? {};
    const documented = Object.keys(content);
    if (documented.length === 0) {
      return isEmptyBody(body) ? [] : [`no body is documented for this status, got ${preview(body)}`];
    }
    if (!contentType) return [`Content-Type header is missing (documented: ${documented.join(', ')})`];
    const mediaType = mediaTypeOf(contentType);
    const media = content[mediaType] ?? content[`${mediaType.split('/')[0]}/*`] ?? content['*/*'];
    if (!media) return [`Content-Type ${mediaType} is not documented for this status (documented: ${documented.join(', ')})`];

    if (isJson(mediaType)) {
      const parsed = parseJsonBody(body);
      if ('problem' in parsed) return [parsed.problem];
      const { errors } = target.validator.validateResponse(parsed.value, target.operation, status);
      return describeAjvErrors(errors, 'body');
    }
    const textBody = asText(body);
    if (textBody === undefined) return [`expected a ${mediaType} text body, got ${typeof body === 'object' ? 'parsed JSON' : typeof body}`];
    const validate = textValidator(media.schema);
    return validate(textBody) ? [] : describeAjvErrors(validate.errors as ErrorObject[], 'body');
  }

  return {
    validateResponse(r) {
      const target = locate(r.method, r.path);
      const where = `${r.method.toUpperCase()} ${pathOf(r.path).split('?')[0]} -> ${r.status} (${target.label})`;
      const responses = (target.operation.responses ?? {}) as Record<string, ResponseObject>;
      const response = responses[r.status] ?? responses[`${String(r.status)[0]}XX`] ?? responses.default;
      if (!response) {
        throw new ContractViolationError(where, [`status ${r.status} is not documented (documented: ${Object.keys(responses).join(', ')})`]);
      }
      const headers = normalizeHeaders(r.headers);
      const problems = [
        ...checkHeaders(target, response, r.status, headers),
        ...checkBody(target, response, r.status, headers['content-type'], r.body),
      ];
      if (problems.length > 0) throw new ContractViolationError(where, problems);
    },

    validateRequest(r) {
      const target = locate(r.method, r.path);
      const where = `${r.method.toUpperCase()} ${pathOf(r.path).split('?')[0]} (${target.label})`;
      if (!target.routed) throw new ContractViolationError(where, ['no operation of the document serves this request']);
      const headers = normalizeHeaders(r.headers ?? {});
      const mediaType = headers['content-type'] ? mediaTypeOf(headers['content-type']) : undefined;
      const accepted = Object.keys((target.operation.requestBody as { content?: object } | undefined)?.content ?? {});
      const problems: string[] = [];
      if (mediaType && !accepted.includes(mediaType)) {
        problems.push(`Content-Type ${mediaType} is not accepted (accepted: ${accepted.join(', ') || 'no body'})`);
      }
      // Multipart parts are not parsed here: only the media type and the parameters are checked.
      const multipart = mediaType === 'multipart/form-data';
      const parsed = multipart || isEmptyBody(r.body) ? { value: undefined } : parseJsonBody(r.body);
      if ('problem' in parsed) problems.push(parsed.problem);
      else {
        const { errors } = target.validator.validateRequest(
          { method: r.method, path: pathOf(r.path), headers, body: parsed.value as object | undefined },
          target.operation,
        );
        const relevant = multipart ? (errors ?? []).filter((e) => e.params?.missingProperty !== 'requestBody') : errors;
        problems.push(...describeAjvErrors(relevant, ''));
      }
      if (problems.length > 0) throw new ContractViolationError(where, problems);
    },

    operationIdFor(method, path) {
      const target = locate(method, path);
      return target.routed ? target.label : undefined;
    },
  };
}

/** `https://host/v1/x?y` or `/v1/x?y` -> `/v1/x?y`. */
function pathOf(pathOrUrl: string): string {
  if (/^https?:\/\//i.test(pathOrUrl)) {
    const url = new URL(pathOrUrl);
    return `${url.pathname}${url.search}`;
  }
  return pathOrUrl;
}

function normalizeHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) normalized[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return normalized;
}

function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function asText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return undefined;
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || asText(body) === '';
}

function parseJsonBody(body: unknown): { value: unknown } | { problem: string } {
  const text = asText(body);
  if (text === undefined) return { value: body };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: `body is not valid JSON (${(error as Error).message}): ${preview(text)}` };
  }
}

function preview(body: unknown): string {
  const text = asText(body) ?? JSON.stringify(body);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
