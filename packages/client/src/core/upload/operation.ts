/** `POST /v1/image/upload`: the upload operation, and the multipart file part upscale shares. */
import { ValidationError } from '../errors';
import { errorFields, parser, same, UPLOAD_TIMEOUT_MS, type Operation } from '../http/operation';
import { multipartBodyBytes } from '../http/multipart';
import type { MultipartPart, OperationName } from '../http/request';
import { validate } from '../validation';
import { FileInputSchema, MAX_UPLOAD_BYTES, UploadResultSchema, type FileInput, type FileParams, type UploadResult } from './schema';
import { EXTENSIONS, sniffImageType } from './sniff';

/** Checks image bytes for upload. */
export function validateFileInput(input: FileInput): FileParams {
  return validate(FileInputSchema, input, 'upload');
}

/** The multipart `file` part for image bytes, its type checked from the bytes themselves. */
export function filePart(file: FileParams, operation: OperationName, field: string): MultipartPart {
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

const bytes = (n: number): string => n.toLocaleString('en-US');

/**
 * Refuses a multipart body larger than the API's proxy accepts, before it is sent: the 10 MiB limit
 * counts the whole body, so a file of exactly 10 MiB is already too large with its part headers.
 */
export function checkMultipartSize(parts: MultipartPart[], operation: OperationName, field: string): MultipartPart[] {
  const total = multipartBodyBytes(parts);
  if (total <= MAX_UPLOAD_BYTES) return parts;
  const data = parts.reduce((sum, part) => sum + (part.kind === 'file' ? part.data.byteLength : 0), 0);
  const problem =
    `the image is ${bytes(data)} bytes, and with the form's headers the upload would be up to ${bytes(total)} bytes; ` +
    `the server accepts at most ${bytes(MAX_UPLOAD_BYTES)} bytes (10 MiB) in all, so the image may be at most ${bytes(MAX_UPLOAD_BYTES - (total - data))} bytes`;
  throw new ValidationError({
    operation,
    message: `${field}: ${problem}`,
    hint: 'Use a smaller image: save it as a JPEG, or scale it down (the server works at 1024 × 1024 pixels at most).',
    issues: [{ field, message: problem }],
  });
}

/** Every error of an upload is about its file. */
const UPLOAD_ERROR_FIELDS = errorFields([[/^(parse_error|invalid_file|invalid_content_type)/i, 'file']], () => 'file');

/** `POST /v1/image/upload`: stores an image and returns its `s3://` object. Free; retried like a read. */
export const upload: Operation<FileInput, UploadResult> = {
  name: 'upload',
  build(input, ctx) {
    const file = validateFileInput(input);
    return {
      operation: 'upload',
      method: 'POST',
      path: '/v1/image/upload',
      body: { kind: 'multipart', parts: checkMultipartSize([filePart(file, 'upload', 'data')], 'upload', 'data') },
      auth: true,
      timeoutMs: ctx?.timeoutMs ?? UPLOAD_TIMEOUT_MS,
      retry: 'read',
    };
  },
  parse: parser(UploadResultSchema, 'an upload result', same, UPLOAD_ERROR_FIELDS),
};
