/** The Zapier app: Stablecog's image generation, upscaling and history as Zapier actions. */
import zapier, { defineApp } from 'zapier-platform-core';
import { authentication } from './authentication';
import generateImage from './creates/generate_image';
import upscaleImage from './creates/upscale_image';
import { stashImage } from './files';
import { afterResponse, beforeRequest } from './middleware';
import findImageOutputs from './searches/find_image_outputs';
import generationModels from './triggers/generation_models';
import generationSchedulers from './triggers/generation_schedulers';
import newImageOutput from './triggers/new_image_output';
import upscaleModels from './triggers/upscale_models';

// Read at run time: package.json sits outside src/, which tsc compiles.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require('../package.json') as { version: string };

export default defineApp({
  version: packageJson.version,
  platformVersion: zapier.version,
  authentication,
  beforeRequest,
  afterResponse,
  hydrators: { stashImage },
  triggers: {
    [newImageOutput.key]: newImageOutput,
    [generationModels.key]: generationModels,
    [generationSchedulers.key]: generationSchedulers,
    [upscaleModels.key]: upscaleModels,
  },
  searches: {
    [findImageOutputs.key]: findImageOutputs,
  },
  creates: {
    [generateImage.key]: generateImage,
    [upscaleImage.key]: upscaleImage,
  },
});
