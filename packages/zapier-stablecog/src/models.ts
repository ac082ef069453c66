/** The models Stablecog offers right now (ids change: never hard-code them). */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { operations, type CallOptions, type GenerationModel } from '@stablecog/client/core';
import { stepClient } from './client';

/** Generation models, each with its schedulers and native size. */
export function generationModels(z: ZObject, bundle: Bundle, options?: CallOptions): Promise<GenerationModel[]> {
  return stepClient(z, bundle).read(operations.generationModels, undefined, options);
}

/** The model a generate will use: the one asked for, or the server's default. */
export function chooseModel(models: GenerationModel[], modelId: string | undefined): GenerationModel | undefined {
  if (modelId) return models.find((model) => model.id === modelId);
  return models.find((model) => model.is_default) ?? models[0];
}

/** A model's native size (what it draws best), 1024 × 1024 when the API does not say. */
export function nativeSize(model: GenerationModel): { width: number; height: number } {
  return { width: model.default_width ?? 1024, height: model.default_height ?? 1024 };
}
