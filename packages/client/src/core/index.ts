/**
 * The pure core of `@stablecog/client`: schemas, request building, response parsing, errors, the
 * retry policy and recovery. No I/O, no timers, no `process`, no axios: importable from n8n and
 * Zapier code as `@stablecog/client/core`.
 */
export * from './http/request';
export * from './errors';
export * from './inputs';
export * from './generate/size-limit';
export { needsModelList, checkAgainstModels } from './generate/preflight';
export * from './results';
export * from './operations';
export * from './validators';
export * from './http/execute';
export * from './http/retry';
export * from './outputs/pagination';
export { findOutputs, DEFAULT_CLOCK_SKEW_MS } from './outputs/find';
export * from './concurrency';
export { readBody, retryAfterMs, errorFromResponse, errorFromFailure, parseSuccess, type ParseContext, type Body } from './http/response';
export { validate, hintForField } from './validation';
export { encodeMultipart, multipartBodyBytes, MAX_BOUNDARY_LENGTH, type EncodedMultipart } from './http/multipart';
export { queryString, requestUrl } from './http/url';
export { redactSecret, redactBody, redactResponse, REDACTED, MIN_SECRET_RUN } from './http/redact';
export { sniffImageType, type ImageContentType } from './upload/sniff';
export * from './kit';
