/**
 * Images as the app's steps return them. One image of the history (a V3 output) as a Zapier item,
 * shared by the New Image Output trigger and the Find Image Outputs search: flat fields a Zap can
 * map, and the image as a lazy file. And the fields the creates' results share with it.
 */
import type { ZObject } from 'zapier-platform-core';
import { flattenOutput, type GenerationModel, type Output } from '@stablecog/client/core';
import { imageFile } from './files';

/** An output, flattened for Zapier, with its model and scheduler named as `models` lists them. */
export function outputItem(z: ZObject, output: Output, models: readonly GenerationModel[]) {
  const flat = flattenOutput(output);
  const model = models.find((m) => m.id === flat.model_id);
  const scheduler = models.flatMap((m) => m.available_schedulers ?? []).find((s) => s.id === flat.scheduler_id);
  return {
    ...flat,
    image_file: imageFile(z, flat.image_url),
    model_name: model?.name ?? null,
    scheduler_name: scheduler?.name ?? null,
  };
}

/**
 * The first image of a create's result at the top, and every image as a line item (`outputs`),
 * labelled as that create names its images.
 */
export function imageListFields(labels: { id: string; url: string; file: string }) {
  return [
    { key: 'id', label: labels.id, type: 'string' },
    { key: 'image_url', label: labels.url, type: 'string' },
    { key: 'image_file', label: labels.file, type: 'file' },
    { key: 'outputs[]id', label: `All Images: ${labels.id}`, type: 'string' },
    { key: 'outputs[]image_url', label: `All Images: ${labels.url}`, type: 'string' },
    { key: 'outputs[]image_file', label: `All Images: ${labels.file}`, type: 'file' },
  ] as const;
}

/** The prompt and model an image was made with, as an output item and Generate Image's result show them. */
export const promptAndModelFields = [
  { key: 'prompt', label: 'Prompt', type: 'string' },
  { key: 'negative_prompt', label: 'Negative Prompt', type: 'string' },
  { key: 'seed', label: 'Seed', type: 'integer' },
  { key: 'model_id', label: 'Model ID', type: 'string' },
  { key: 'model_name', label: 'Model Name', type: 'string' },
  { key: 'scheduler_id', label: 'Scheduler ID', type: 'string' },
] as const;

/** Realistic values of {@link promptAndModelFields}. */
export const promptAndModelSample = {
  prompt: 'a lighthouse on a cliff at dawn, oil painting',
  negative_prompt: 'blurry, text, watermark',
  seed: 1234567890,
  model_id: '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b',
  model_name: 'FLUX.1',
  scheduler_id: '6fb13b76-9900-4fa4-abf8-8f843e034a7f',
};

/** What the Zap editor shows for each field of an output item. */
export const outputItemFields = [
  { key: 'id', label: 'Output ID', type: 'string' },
  { key: 'image_url', label: 'Image URL', type: 'string' },
  { key: 'image_file', label: 'Image File', type: 'file' },
  { key: 'upscaled_image_url', label: 'Upscaled Image URL', type: 'string' },
  { key: 'created_at', label: 'Created At', type: 'datetime' },
  ...promptAndModelFields,
  { key: 'scheduler_name', label: 'Scheduler Name', type: 'string' },
  { key: 'width', label: 'Width', type: 'integer' },
  { key: 'height', label: 'Height', type: 'integer' },
  { key: 'guidance_scale', label: 'Guidance Scale', type: 'number' },
  { key: 'inference_steps', label: 'Inference Steps', type: 'integer' },
  { key: 'generation_id', label: 'Generation ID', type: 'string' },
  { key: 'gallery_status', label: 'Gallery Status', type: 'string' },
  { key: 'is_favorited', label: 'Is Favorited', type: 'boolean' },
  { key: 'is_public', label: 'Is Public', type: 'boolean' },
] as const;

/** A realistic output item (the shape `outputItem` returns for a real output). */
export const outputItemSample = {
  id: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64',
  image_url: 'https://b.stablecog.com/5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64.jpeg',
  image_file: 'https://b.stablecog.com/5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64.jpeg',
  upscaled_image_url: 'https://b.stablecog.com/c47a0b19-2e8d-4c53-b6f1-8a9d0e7c3b25.jpeg',
  created_at: '2025-03-14T09:26:53.589793Z',
  ...promptAndModelSample,
  scheduler_name: 'Euler',
  width: 1024,
  height: 1024,
  guidance_scale: 7,
  inference_steps: 28,
  generation_id: 'e1a7c3d9-4b2f-4a8e-9c61-7f0b5d3e2a18',
  gallery_status: 'not_submitted',
  is_favorited: false,
  is_public: false,
};
