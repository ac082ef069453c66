/** The models and defaults routes (no auth): what a generate or upscale may choose from. */
import { getRequest, parser, same, type Operation } from '../http/operation';
import {
  GenerationDefaultsSchema,
  GenerationModelsSchema,
  UpscaleDefaultsSchema,
  UpscaleModelsSchema,
  type GenerationDefaults,
  type GenerationModel,
  type UpscaleDefaults,
  type UpscaleModel,
} from './schema';

/** `GET /v1/image/generation/models` (no auth). */
export const generationModels: Operation<void, GenerationModel[]> = {
  name: 'generationModels',
  build: (_input, ctx) => getRequest('generationModels', '/v1/image/generation/models', false, ctx),
  parse: parser(GenerationModelsSchema, 'a list of models', (body) => body.models),
};

/** `GET /v1/image/upscale/models` (no auth). */
export const upscaleModels: Operation<void, UpscaleModel[]> = {
  name: 'upscaleModels',
  build: (_input, ctx) => getRequest('upscaleModels', '/v1/image/upscale/models', false, ctx),
  parse: parser(UpscaleModelsSchema, 'a list of models', (body) => body.models),
};

/** `GET /v1/image/generation/defaults` (no auth). */
export const generationDefaults: Operation<void, GenerationDefaults> = {
  name: 'generationDefaults',
  build: (_input, ctx) => getRequest('generationDefaults', '/v1/image/generation/defaults', false, ctx),
  parse: parser(GenerationDefaultsSchema, 'generation defaults', same),
};

/** `GET /v1/image/upscale/defaults` (no auth). */
export const upscaleDefaults: Operation<void, UpscaleDefaults> = {
  name: 'upscaleDefaults',
  build: (_input, ctx) => getRequest('upscaleDefaults', '/v1/image/upscale/defaults', false, ctx),
  parse: parser(UpscaleDefaultsSchema, 'upscale defaults', same),
};
