/** `POST /v1/image/upscale/create`: the upscale operation and its error fields. */
import { CREATE_TIMEOUT_MS, defined, parser, same, type Operation } from '../http/operation';
import type { MultipartPart, RequestSpec } from '../http/request';
import type { ErrorFields } from '../http/response';
import { filePart } from '../upload/operation';
import { validate } from '../validation';
import {
  UpscaleFromFileSchema,
  UpscaleFromInputSchema,
  UpscaleResultSchema,
  type UpscaleInput,
  type UpscaleParams,
  type UpscaleResult,
} from './schema';

/** Checks an upscale input: `{ file }` when a file is given, else `{ input }` (errors name the right fields). */
export function validateUpscaleInput(input: UpscaleInput): UpscaleParams {
  const fromFile = input !== null && typeof input === 'object' && 'file' in input && input.file !== undefined;
  return fromFile ? validate(UpscaleFromFileSchema, input, 'upscale') : validate(UpscaleFromInputSchema, input, 'upscale');
}

/** An upscale has one image: its `input`, or its `file` when the bytes were sent. */
const imageField = (spec: RequestSpec): string => (spec.body?.kind === 'multipart' ? 'file' : 'input');

/**
 * The field each server error of an upscale is about. The server names image errors as for an
 * init image (`init_image_not_found`, `image_url_width_height_error`): here they are the upscale's
 * own image (shared/behavior/README.md § Errors).
 */
const IMAGE_ERROR =
  /^(invalid_image_url|invalid_output_id|output_not_found|invalid upscale type|init_image_not_found|image_url_width_height_error|parse_error|invalid_file|invalid_content_type)/i;
const UPSCALE_ERROR_FIELDS: ErrorFields = {
  of: (apiError, spec) => (/^invalid_model_id/i.test(apiError) ? 'model_id' : IMAGE_ERROR.test(apiError) ? imageField(spec) : undefined),
  oversized: imageField,
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
  parse: parser(UpscaleResultSchema, 'an upscale result', same, UPSCALE_ERROR_FIELDS),
};
