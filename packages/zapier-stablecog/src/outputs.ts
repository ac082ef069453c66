/**
 * One image of the history (a V3 output) as a Zapier item, shared by the New Image Output trigger
 * and the Find Image Outputs search: flat fields a Zap can map, and the image as a lazy file.
 */
import type { ZObject } from 'zapier-platform-core';
import type { Output } from '@stablecog/client/core';
import { imageFile } from './files';

/** An output, flattened for Zapier. */
export function outputItem(z: ZObject, output: Output) {
  const generation = output.generation;
  return {
    id: output.id,
    image_url: output.image_url,
    image_file: imageFile(z, output.image_url),
    upscaled_image_url: output.upscaled_image_url ?? null,
    created_at: output.created_at,
    prompt: generation.prompt?.text ?? '',
    negative_prompt: generation.negative_prompt?.text ?? '',
    seed: generation.seed ?? null,
    model_id: generation.model_id ?? null,
    scheduler_id: generation.scheduler_id ?? null,
    width: generation.width ?? null,
    height: generation.height ?? null,
    guidance_scale: generation.guidance_scale ?? null,
    inference_steps: generation.inference_steps ?? null,
    generation_id: generation.id,
    gallery_status: output.gallery_status ?? null,
    is_favorited: output.is_favorited ?? false,
    is_public: output.is_public ?? false,
  };
}

/** What the Zap editor shows for each field of an output item. */
export const outputItemFields = [
  { key: 'id', label: 'Output ID', type: 'string' },
  { key: 'image_url', label: 'Image URL', type: 'string' },
  { key: 'image_file', label: 'Image File', type: 'file' },
  { key: 'upscaled_image_url', label: 'Upscaled Image URL', type: 'string' },
  { key: 'created_at', label: 'Created At', type: 'datetime' },
  { key: 'prompt', label: 'Prompt', type: 'string' },
  { key: 'negative_prompt', label: 'Negative Prompt', type: 'string' },
  { key: 'seed', label: 'Seed', type: 'integer' },
  { key: 'model_id', label: 'Model ID', type: 'string' },
  { key: 'scheduler_id', label: 'Scheduler ID', type: 'string' },
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
  prompt: 'a lighthouse on a cliff at dawn, oil painting',
  negative_prompt: 'blurry, text, watermark',
  seed: 1234567890,
  model_id: '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b',
  scheduler_id: '6fb13b76-9900-4fa4-abf8-8f843e034a7f',
  width: 1024,
  height: 1024,
  guidance_scale: 7,
  inference_steps: 28,
  generation_id: 'e1a7c3d9-4b2f-4a8e-9c61-7f0b5d3e2a18',
  gallery_status: 'not_submitted',
  is_favorited: false,
  is_public: false,
};
