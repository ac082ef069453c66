/**
 * The Stablecog piece for Activepieces: generate and upscale AI images, find and list your
 * outputs, check credits, and trigger on new outputs, on the shared `@stablecog/client` core.
 */
import { createPiece } from '@activepieces/pieces-framework';
import { PieceCategory } from '@activepieces/shared';
import { findOutputs } from './lib/actions/find-outputs';
import { generateImage } from './lib/actions/generate-image';
import { getCredits } from './lib/actions/get-credits';
import { listOutputs } from './lib/actions/list-outputs';
import { upscaleImage } from './lib/actions/upscale-image';
import { stablecogAuth } from './lib/auth';
import { newOutput } from './lib/triggers/new-output';

export { stablecogAuth } from './lib/auth';

/** The piece (the engine finds it among the exports by its class name, `Piece`). */
export const stablecog = createPiece({
  displayName: 'Stablecog',
  description: 'AI image generation: FLUX and Stable Diffusion models, upscaling, and your image history.',
  logoUrl: 'https://stablecog.com/images/logo.png',
  authors: ['stablecog-integrations'],
  categories: [PieceCategory.ARTIFICIAL_INTELLIGENCE],
  minimumSupportedRelease: '0.82.0',
  auth: stablecogAuth,
  actions: [generateImage, upscaleImage, findOutputs, listOutputs, getCredits],
  triggers: [newOutput],
});
