/**
 * Input checks on their own, for adapters that want to validate a form before doing anything
 * (each returns the parsed value, numbers coerced and empty fields dropped, or throws ValidationError).
 */
import {
  FileInputSchema,
  FindOutputsQuerySchema,
  GenerateInputSchema,
  OutputsQuerySchema,
  UpscaleFromFileSchema,
  UpscaleFromInputSchema,
  type FileInput,
  type FileParams,
  type FindOutputsParams,
  type FindOutputsQuery,
  type GenerateInput,
  type GenerateParams,
  type OutputsParams,
  type OutputsQuery,
  type UpscaleInput,
  type UpscaleParams,
} from './inputs';
import { validate } from './validation';

/** Checks a generate input. The seed stays absent when not given (`operations.generate.build` picks one). */
export function validateGenerateInput(input: GenerateInput): GenerateParams {
  return validate(GenerateInputSchema, input, 'generate');
}

/** Checks an upscale input: `{ file }` when a file is given, else `{ input }` (errors name the right fields). */
export function validateUpscaleInput(input: UpscaleInput): UpscaleParams {
  const fromFile = input !== null && typeof input === 'object' && 'file' in input && input.file !== undefined;
  return fromFile ? validate(UpscaleFromFileSchema, input, 'upscale') : validate(UpscaleFromInputSchema, input, 'upscale');
}

/** Checks image bytes for upload. */
export function validateFileInput(input: FileInput): FileParams {
  return validate(FileInputSchema, input, 'upload');
}

/** Checks an outputs query. */
export function validateOutputsQuery(input: OutputsQuery = {}): OutputsParams {
  return validate(OutputsQuerySchema, input, 'listOutputs');
}

/** Checks the criteria of `outputs.find` (`since` becomes epoch milliseconds). */
export function validateFindOutputsQuery(input: FindOutputsQuery): FindOutputsParams {
  return validate(FindOutputsQuerySchema, input, 'listOutputs');
}
