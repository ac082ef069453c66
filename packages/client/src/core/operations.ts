/**
 * Every operation of the token API, by name. Each is defined in its endpoint family's folder
 * (generate/, upscale/, upload/, outputs/, models/, credits/) with its schemas, checks and error
 * fields; the HTTP machinery under them is http/.
 */
import { credits, health } from './credits/operation';
import { generate } from './generate/operation';
import { generationDefaults, generationModels, upscaleDefaults, upscaleModels } from './models/operation';
import { listOutputs } from './outputs/operation';
import { upload } from './upload/operation';
import { upscale } from './upscale/operation';

export { credits, health, generate, generationDefaults, generationModels, upscaleDefaults, upscaleModels, listOutputs, upload, upscale };
export { randomSeed } from './generate/operation';
export {
  CREATE_TIMEOUT_MS,
  READ_TIMEOUT_MS,
  UPLOAD_TIMEOUT_MS,
  type BuildContext,
  type Operation,
} from './http/operation';

/** All operations by name. */
export const operations = {
  generate,
  upscale,
  upload,
  listOutputs,
  generationModels,
  upscaleModels,
  generationDefaults,
  upscaleDefaults,
  credits,
  health,
} as const;
