/** `POST /v1/image/upload`: the upload operation, and the multipart file part upscale shares. */
import { ValidationError } from '../errors';
import { errorFields, parser, same, UPLOAD_TIMEOUT_MS, type Operation } from '../http/operation';
import type { MultipartPart, OperationName } from '../http/request';
import { validate } from '../validation';
import { FileInputSchema, UploadResultSchema, type FileInput, type FileParams, type UploadResult } from './schema';
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
      body: { kind: 'multipart', parts: [filePart(file, 'upload', 'data')] },
      auth: true,
      timeoutMs: ctx?.timeoutMs ?? UPLOAD_TIMEOUT_MS,
      retry: 'read',
    };
  },
  parse: parser(UploadResultSchema, 'an upload result', same, UPLOAD_ERROR_FIELDS),
};
