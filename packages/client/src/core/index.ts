/**
 * The pure core of `@stablecog/client`: one folder per endpoint family (generate, upscale, upload,
 * outputs, models, credits), each with its schemas, request building and parsing, pre-flight checks
 * and error fields; the HTTP machinery under them (http/: request, execute, retry, response errors,
 * redaction); and the adapter kit (kit/) the front ends share. No I/O, no timers, no `process`, no
 * axios: importable from n8n and Zapier code as `@stablecog/client/core`.
 */
export * from './http/request';
export * from './errors';
export * from './http/execute';
export * from './http/retry';
export { readBody, retryAfterMs, errorFromResponse, errorFromFailure, parseSuccess, type ParseContext, type Body, type ErrorFields } from './http/response';
export { encodeMultipart, multipartBodyBytes, MAX_BOUNDARY_LENGTH, type EncodedMultipart } from './http/multipart';
export { queryString, requestUrl } from './http/url';
export { redactSecret, redactBody, redactResponse, REDACTED, MIN_SECRET_RUN } from './http/redact';
export { validate, hintForField } from './validation';
export { isImageUrl } from './fields';
export * from './operations';

export * from './generate/schema';
export * from './generate/size-limit';
export { validateGenerateInput } from './generate/operation';
export { needsModelList, checkAgainstModels } from './generate/preflight';
export * from './upscale/schema';
export { validateUpscaleInput } from './upscale/operation';
export * from './upload/schema';
export { validateFileInput } from './upload/operation';
export { sniffImageType, type ImageContentType } from './upload/sniff';
export * from './outputs/schema';
export { validateOutputsQuery, validateFindOutputsQuery } from './outputs/operation';
export * from './outputs/pagination';
export { findOutputs, DEFAULT_CLOCK_SKEW_MS } from './outputs/find';
export * from './models/schema';
export * from './credits/schema';
export * from './concurrency';
export * from './plans';
export * from './kit';

