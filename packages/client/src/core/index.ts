/**
 * The pure core of `@stablecog/client`: schemas, request building, response parsing, errors, the
 * retry policy and recovery. No I/O, no timers, no `process`, no axios: importable from n8n and
 * Zapier code as `@stablecog/client/core`.
 */
export * from './request';
export * from './errors';
export * from './inputs';
export * from './size-limit';
export { needsModelList, checkAgainstModels } from './generate/preflight';
export * from './results';
export * from './operations';
export * from './validators';
export * from './execute';
export * from './retry';
export * from './pagination';
export { findOutputs, DEFAULT_CLOCK_SKEW_MS } from './recovery';
export * from './concurrency';
export { readBody, retryAfterMs, errorFromResponse, errorFromFailure, parseSuccess, type ParseContext, type Body } from './response';
export { validate, hintForField } from './validation';
export { encodeMultipart, type EncodedMultipart } from './multipart';
export { queryString, requestUrl } from './url';
export { redactSecret, redactBody, redactResponse, REDACTED, MIN_SECRET_RUN } from './redact';
export { sniffImageType, type ImageContentType } from './sniff';
export * from './kit';
