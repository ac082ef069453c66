/** The models and default settings the server offers (load them at run time: ids change). */
import { z } from 'zod';
import { optionalNumber, optionalString } from '../fields';
import { GenerationSettingsSchema } from '../generate/schema';

/** A generation model. Load these at run time: ids change. */
export const GenerationModelSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  is_default: z.boolean().nullish(),
  available_schedulers: z.array(z.looseObject({ id: z.string(), name: z.string() })).optional(),
  default_width: optionalNumber,
  default_height: optionalNumber,
});

/** An upscale model. */
export const UpscaleModelSchema = z.looseObject({ id: z.string(), name: z.string(), is_default: z.boolean().nullish() });

/** Body of the models routes. */
export const GenerationModelsSchema = z.looseObject({ models: z.array(GenerationModelSchema) });
/** Body of the upscale models route. */
export const UpscaleModelsSchema = z.looseObject({ models: z.array(UpscaleModelSchema) });

/**
 * The server's generation defaults: the settings a generate echoes, but for the seed and the images,
 * which have no default. `scheduler_id` is the global default, not the model's.
 */
export const GenerationDefaultsSchema = GenerationSettingsSchema.omit({ seed: true, init_image_url: true, mask_image_url: true });

/** The server's upscale defaults. */
export const UpscaleDefaultsSchema = z.looseObject({ model_id: optionalString });

/** A generation model. */
export type GenerationModel = z.infer<typeof GenerationModelSchema>;
/** An upscale model. */
export type UpscaleModel = z.infer<typeof UpscaleModelSchema>;
/** The server's generation defaults. */
export type GenerationDefaults = z.infer<typeof GenerationDefaultsSchema>;
/** The server's upscale defaults. */
export type UpscaleDefaults = z.infer<typeof UpscaleDefaultsSchema>;
