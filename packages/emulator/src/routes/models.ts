import type { App, Call } from '../app';
import {
  GENERATION_MODELS, GLOBAL_DEFAULT_SCHEDULER_ID, SCHEDULERS, UPSCALE_MODELS, defaultGenerationModel, defaultUpscaleModel,
} from '../catalog';
import { json, type Reply } from '../http/reply';

/** `GET /v1/image/generation/models`: active, non-hidden models with their schedulers. */
export async function generationModels(_app: App, _call: Call): Promise<Reply> {
  const models = GENERATION_MODELS.filter((m) => m.is_active && !m.is_hidden).map((m) => ({
    id: m.id,
    name: m.name,
    is_default: m.is_default,
    available_schedulers: SCHEDULERS.filter((s) => m.scheduler_ids.includes(s.id)).map((s) => ({ id: s.id, name: s.name })),
    default_width: m.default_width,
    default_height: m.default_height,
  }));
  return json(200, { models });
}

/**
 * `GET /v1/image/generation/defaults`. Misleading as on the real server: `scheduler_id` is the
 * global default (not the default model's) and `inference_steps` a constant.
 */
export async function generationDefaults(_app: App, _call: Call): Promise<Reply> {
  const model = defaultGenerationModel();
  return json(200, {
    model_id: model.id,
    scheduler_id: GLOBAL_DEFAULT_SCHEDULER_ID,
    width: model.default_width,
    height: model.default_height,
    num_outputs: 2,
    guidance_scale: 7,
    inference_steps: 30,
    prompt_strength: 0.5,
  });
}

/** `GET /v1/image/upscale/models`. */
export async function upscaleModels(_app: App, _call: Call): Promise<Reply> {
  return json(200, { models: UPSCALE_MODELS.map((m) => ({ id: m.id, name: m.name, is_default: m.is_default })) });
}

/** `GET /v1/image/upscale/defaults`. */
export async function upscaleDefaults(_app: App, _call: Call): Promise<Reply> {
  return json(200, { model_id: defaultUpscaleModel().id });
}
