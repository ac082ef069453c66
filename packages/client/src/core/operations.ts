/**
 * Every operation of the token API as a pair of pure functions: `build` validates the input and
 * describes the HTTP request; `parse` turns the response into the result or a typed error.
 * Adapters that do their own HTTP (n8n, Zapier) use these directly, or through `execute`.
 */
import type { z } from 'zod';
import { ValidationError } from './errors';
import {
  type FileInput,
  type GenerateInput,
  type OutputsQuery,
  type FileParams,
  type UpscaleInput,
} from './inputs';
import type { MultipartPart, OperationName, RawResponse, RequestSpec } from './request';
import { errorFromResponse, parseSuccess, readBody, type ParseContext } from './response';
import {
  CreditsSchema,
  GenerateResultSchema,
  GenerationDefaultsSchema,
  GenerationModelsSchema,
  OutputsPageSchema,
  UploadResultSchema,
  UpscaleDefaultsSchema,
  UpscaleModelsSchema,
  UpscaleResultSchema,
  type Credits,
  type GenerateResult,
  type GenerationDefaults,
  type GenerationModel,
  type OutputsPage,
  type UploadResult,
  type UpscaleDefaults,
  type UpscaleModel,
  type UpscaleResult,
} from './results';
import { preflightGenerate, type ServerLists } from './generate/preflight';
import { EXTENSIONS, sniffImageType } from './sniff';
import { validateFileInput, validateGenerateInput, validateOutputsQuery, validateUpscaleInput } from './validators';

/** How long a create may block: the server waits up to 240 s, and restarts that wait once. */
export const CREATE_TIMEOUT_MS = 600_000;
/** How long an upload may take (up to 10 MiB). */
export const UPLOAD_TIMEOUT_MS = 120_000;
/** How long a read may take. */
export const READ_TIMEOUT_MS = 60_000;

/** What `build` may take besides the input. */
export interface BuildContext {
  /** Overrides the operation's default timeout. */
  timeoutMs?: number;
  /** Source of randomness for the seed of a generate (default `Math.random`). */
  random?: () => number;
}

/** One API operation: pure request building and response parsing. */
export interface Operation<In, Out> {
  readonly name: OperationName;
  /** Validates `input` (throws ValidationError, before anything is sent) and describes the request. */
  build(input: In, ctx?: BuildContext): RequestSpec;
  /**
   * Checks that need the server's lists (e.g. the generation models), run after `build` and before
   * anything is sent; returns the spec to send. `execute` and `prepareRequest` run it.
   */
  preflight?(spec: RequestSpec, lists: ServerLists): Promise<RequestSpec>;
  /** The result of a successful response; any other response throws the matching StablecogError. */
  parse(raw: RawResponse, ctx: ParseContext): Out;
}

/** A seed the server would also pick: an integer in [0, 2^31 - 1). */
export function randomSeed(random: () => number = Math.random): number {
  return Math.floor(random() * (2 ** 31 - 1));
}

const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** A parse function: the schema's value (mapped) on 2xx, the typed error otherwise. */
function parser<S extends z.ZodType, Out>(schema: S, what: string, map: (value: z.output<S>) => Out) {
  return (raw: RawResponse, ctx: ParseContext): Out => {
    if (!isSuccess(raw.status)) throw errorFromResponse(raw, ctx);
    return map(parseSuccess(raw, ctx, schema, what));
  };
}
const same = <T>(value: T): T => value;

/** Drops undefined values so every transport serialises the same body. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The multipart `file` part for image bytes, its type checked from the bytes themselves. */
function filePart(file: FileParams, operation: OperationName, field: string): MultipartPart {
  const sniffed = sniffImageType(file.data);
  if (!sniffed) {
    throw new ValidationError({
      operation,
      message: `${field}: must be a JPEG, PNG or WebP image (the bytes are none of these)`,
      hint: 'Send the bytes of a JPEG, PNG or WebP image of at most 10 MiB.',
      issues: [{ field, message: 'must be a JPEG, PNG or WebP image' }],
    });
  }
  const contentType = file.contentType ?? sniffed;
  const filename = file.filename ?? `image.${EXTENSIONS[sniffed]}`;
  return { name: 'file', kind: 'file', data: file.data, filename, contentType };
}

const get = (
  operation: OperationName,
  path: string,
  auth: boolean,
  ctx: BuildContext | undefined,
  query?: RequestSpec['query'],
): RequestSpec => ({
  operation,
  method: 'GET',
  path,
  ...(query ? { query } : {}),
  auth,
  timeoutMs: ctx?.timeoutMs ?? READ_TIMEOUT_MS,
  retry: 'read',
});

/** `POST /v1/image/generation/create`: blocks until the images exist. Always sends a seed. */
export const generate: Operation<GenerateInput, GenerateResult> = {
  name: 'generate',
  build(input, ctx) {
    const { aspect_ratio: aspectRatio, ...params } = validateGenerateInput(input);
    const seed = params.seed ?? randomSeed(ctx?.random);
    return {
      operation: 'generate',
      method: 'POST',
      path: '/v1/image/generation/create',
      body: { kind: 'json', value: defined({ ...params, seed }) },
      auth: true,
      timeoutMs: ctx?.timeoutMs ?? CREATE_TIMEOUT_MS,
      retry: 'charged',
      recovery: { prompt: params.prompt, seed },
      ...(aspectRatio === undefined ? {} : { aspectRatio }),
    };
  },
  preflight: preflightGenerate,
  parse: parser(GenerateResultSchema, 'a generation result', same),
};

/** `POST /v1/image/upscale/create`: JSON for an output id / URL / `s3://`, multipart for bytes. */
export const upscale: Operation<UpscaleInput, UpscaleResult> = {
  name: 'upscale',
  build(input, ctx) {
    const common = {
      operation: 'upscale',
      method: 'POST',
      path: '/v1/image/upscale/create',
      auth: true,
      timeoutMs: ctx?.timeoutMs ?? CREATE_TIMEOUT_MS,
      retry: 'charged',
    } as const;
    const params = validateUpscaleInput(input);
    if ('file' in params) {
      const parts: MultipartPart[] = [filePart(params.file, 'upscale', 'file')];
      if (params.model_id) parts.push({ name: 'data', kind: 'field', value: JSON.stringify({ model_id: params.model_id }) });
      return { ...common, body: { kind: 'multipart', parts }, recovery: {} };
    }
    return { ...common, body: { kind: 'json', value: defined(params) }, recovery: { input: params.input } };
  },
  parse: parser(UpscaleResultSchema, 'an upscale result', same),
};

/** `POST /v1/image/upload`: stores an image and returns its `s3://` object. Free; retried like a read. */
export const upload: Operation<FileInput, UploadResult> = {
  name: 'upload',
  build(input, ctx) {
    const file = validateFileInput(input);
    return {
      operation: 'upload',
      method: 'POST',
      path: '/v1/image/upload',
      body: { kind: 'multipart', parts: [filePart(file, 'upload', 'data')] },
      auth: true,
      timeoutMs: ctx?.timeoutMs ?? UPLOAD_TIMEOUT_MS,
      retry: 'read',
    };
  },
  parse: parser(UploadResultSchema, 'an upload result', same),
};

/** `GET /v1/image/generation/outputs`: one page of the history, newest first by default. */
export const listOutputs: Operation<OutputsQuery | undefined, OutputsPage> = {
  name: 'listOutputs',
  build(input, ctx) {
    const q = validateOutputsQuery(input);
    const join = (list: string[] | undefined) => list?.join(',');
    return get('listOutputs', '/v1/image/generation/outputs', true, ctx, {
      per_page: q.per_page,
      cursor: q.cursor,
      model_ids: join(q.model_ids),
      scheduler_ids: join(q.scheduler_ids),
      gallery_status: join(q.gallery_status),
      is_favorited: q.is_favorited,
      aspect_ratio: join(q.aspect_ratio),
      search: q.search,
      order: q.order,
    });
  },
  parse: parser(OutputsPageSchema, 'a page of outputs', same),
};

/** `GET /v1/image/generation/models` (no auth). */
export const generationModels: Operation<void, GenerationModel[]> = {
  name: 'generationModels',
  build: (_input, ctx) => get('generationModels', '/v1/image/generation/models', false, ctx),
  parse: parser(GenerationModelsSchema, 'a list of models', (body) => body.models),
};

/** `GET /v1/image/upscale/models` (no auth). */
export const upscaleModels: Operation<void, UpscaleModel[]> = {
  name: 'upscaleModels',
  build: (_input, ctx) => get('upscaleModels', '/v1/image/upscale/models', false, ctx),
  parse: parser(UpscaleModelsSchema, 'a list of models', (body) => body.models),
};

/** `GET /v1/image/generation/defaults` (no auth). */
export const generationDefaults: Operation<void, GenerationDefaults> = {
  name: 'generationDefaults',
  build: (_input, ctx) => get('generationDefaults', '/v1/image/generation/defaults', false, ctx),
  parse: parser(GenerationDefaultsSchema, 'generation defaults', same),
};

/** `GET /v1/image/upscale/defaults` (no auth). */
export const upscaleDefaults: Operation<void, UpscaleDefaults> = {
  name: 'upscaleDefaults',
  build: (_input, ctx) => get('upscaleDefaults', '/v1/image/upscale/defaults', false, ctx),
  parse: parser(UpscaleDefaultsSchema, 'upscale defaults', same),
};

/** `GET /v1/credits`: the balance; also the cheapest way to test a token. */
export const credits: Operation<void, Credits> = {
  name: 'credits',
  build: (_input, ctx) => get('credits', '/v1/credits', true, ctx),
  parse: parser(CreditsSchema, 'a credit balance', same),
};

/** `GET /v1/health` (no auth): whatever the server reports. */
export const health: Operation<void, unknown> = {
  name: 'health',
  build: (_input, ctx) => get('health', '/v1/health', false, ctx),
  parse(raw, ctx) {
    if (!isSuccess(raw.status)) throw errorFromResponse(raw, ctx);
    const { json, text } = readBody(raw.body);
    return json ?? text;
  },
};

/** All operations by name. */
export const operations = {
  generate,
  upscale,
  upload,
  listOutputs,
  generationModels,
  upscaleModels,
  generationDefaults,
  upscaleDefaults,
  credits,
  health,
} as const;
