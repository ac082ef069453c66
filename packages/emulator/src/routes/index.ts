import { credits } from './credits';
import { generate } from './generate';
import { health } from './health';
import { generationDefaults, generationModels, upscaleDefaults, upscaleModels } from './models';
import { outputs } from './outputs';
import type { Route } from './route';
import { upload } from './upload';
import { upscale } from './upscale';

/**
 * Paths sc-go mounts with chi's `Route()` (`server/app.go`): a mounted sub-router answers its path
 * with and without a trailing `/` (`/v1/credits/`), while routes registered with `Get`/`Post` on
 * their parent (`/v1/health`, `/v1/image/models/generate`) answer only the exact path.
 */
const mounted = (...paths: string[]): string[] => paths.flatMap((path) => [path, `${path}/`]);

/**
 * The token API: every route with its aliases and its middleware order. Creates check the key
 * before the limiter (so a bad key is not counted); outputs, credits and upload count first.
 */
export const ROUTES: readonly Route[] = [
  { name: 'generate', method: 'POST', paths: mounted('/v1/image/generation/create', '/v1/image/generate'), steps: ['auth', { limit: 'create' }], handle: generate },
  { name: 'upscale', method: 'POST', paths: mounted('/v1/image/upscale/create', '/v1/image/upscale'), steps: ['auth', { limit: 'create' }], handle: upscale },
  { name: 'outputs', method: 'GET', paths: mounted('/v1/image/generation/outputs', '/v1/image/outputs'), steps: [{ limit: 'read' }, 'auth'], handle: outputs },
  { name: 'upload', method: 'POST', paths: mounted('/v1/image/upload'), steps: [{ limit: 'upload' }, 'auth'], handle: upload },
  { name: 'models', method: 'GET', paths: [...mounted('/v1/image/generation/models'), '/v1/image/models/generate'], steps: [{ limit: 'read' }], handle: generationModels },
  { name: 'defaults', method: 'GET', paths: [...mounted('/v1/image/generation/defaults'), '/v1/image/defaults/generate'], steps: [{ limit: 'read' }], handle: generationDefaults },
  { name: 'models', method: 'GET', paths: [...mounted('/v1/image/upscale/models'), '/v1/image/models/upscale'], steps: [{ limit: 'read' }], handle: upscaleModels },
  { name: 'defaults', method: 'GET', paths: [...mounted('/v1/image/upscale/defaults'), '/v1/image/defaults/upscale'], steps: [{ limit: 'read' }], handle: upscaleDefaults },
  { name: 'credits', method: 'GET', paths: mounted('/v1/credits'), steps: [{ limit: 'read' }, 'auth'], handle: credits },
  // sc-go `app.Get("/", hc.HandleHealth)` and `r.Get("/health", …)` inside `/v1`.
  { name: 'health', method: 'GET', paths: ['/', '/v1/health'], steps: [], handle: health },
];

const BY_PATH = new Map(ROUTES.flatMap((route) => route.paths.map((path) => [path, route] as const)));

/** The route serving an exact path (chi matches exactly; see `mounted` for the trailing slash). */
export const findRoute = (path: string): Route | undefined => BY_PATH.get(path);
