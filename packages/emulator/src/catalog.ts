/**
 * The catalogue: every model and scheduler the emulated server knows, in one table. On the real
 * server these are database rows (sc-go reads them into `shared/cache.go`), not code, so only some
 * values can be confirmed; each row's `confirmed` says which and from where, everything else is a
 * plausible guess (see the emulator README, "Catalogue"). Clients must load them from `/models`.
 */

/** A sampler a model can run with. */
export interface Scheduler {
  id: string;
  name: string;
}

/** A generation model with the fields the server keeps (more than `/models` shows). */
export interface GenerationModel {
  id: string;
  name: string;
  is_default: boolean;
  /** Inactive models give `invalid_model_id`. */
  is_active: boolean;
  /** Hidden but active models are accepted by create and left out of `/models`. */
  is_hidden: boolean;
  default_width: number;
  default_height: number;
  default_scheduler_id: string;
  /** What the server really runs with, whatever `inference_steps` the client sent. */
  default_inference_steps: number;
  scheduler_ids: string[];
  /** Which values are confirmed and where from; the others are guesses. */
  confirmed: string;
}

/** An upscale model and the factor it enlarges by. */
export interface UpscaleModel {
  id: string;
  name: string;
  is_default: boolean;
  scale: number;
  confirmed: string;
}

const S = {
  // 6fb13b76-…: sc-go database/repository/mock.go MOCK_SCHEDULER_ID (a test fixture: plausibly a real id).
  euler: { id: '6fb13b76-9900-4fa4-abf8-8f843e034a7f', name: 'Euler' },
  eulerA: { id: 'af2679a4-dbbb-4950-8c06-c3bb15416ef6', name: 'Euler Ancestral' },
  dpm2m: { id: '82cf78dd-6afb-48cc-aca6-14224cca6950', name: 'DPM++ 2M' },
  ddim: { id: 'b7224e56-1440-43b9-ac86-66d66f9e8c91', name: 'DDIM' },
  lms: { id: '55027f8b-f046-4e71-bc51-53d5448661e0', name: 'LMS' },
} satisfies Record<string, Scheduler>;

/** The one table (see the file comment). */
export const CATALOGUE = {
  schedulers: Object.values(S) as readonly Scheduler[],
  /**
   * What `/generation/defaults` reports: sc-go `server/api/rest/settings.go` uses
   * `GetDefaultScheduler()`, the global `is_default` scheduler (code), not the default model's.
   * Which scheduler that is: a guess (DPM++ 2M, which no model here defaults to).
   */
  defaultSchedulerId: S.dpm2m.id,
  generationModels: [
    {
      id: '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b', name: 'FLUX.1', is_default: true, is_active: true, is_hidden: false,
      default_width: 1024, default_height: 1024, default_scheduler_id: S.euler.id, default_inference_steps: 28,
      scheduler_ids: [S.euler.id],
      confirmed: 'id (sc-raycast hard-codes it); 1024 sizes (aspectratio.go GetWidthHeightForModel default branch)',
    },
    {
      id: '8002bc51-7260-468f-8840-cf1e6dbe3f8a', name: 'SDXL', is_default: false, is_active: true, is_hidden: false,
      default_width: 1024, default_height: 1024, default_scheduler_id: S.euler.id, default_inference_steps: 30,
      scheduler_ids: [S.euler.id, S.eulerA.id, S.dpm2m.id, S.ddim.id],
      confirmed: 'id prefix 8002bc51- (sc-raycast); 1024 sizes (aspectratio.go default branch)',
    },
    {
      id: '9fa49c00-109f-4ae8-ae4d-1b59e5e8c6a3', name: 'Kandinsky 2.2', is_default: false, is_active: true, is_hidden: false,
      default_width: 768, default_height: 768, default_scheduler_id: S.ddim.id, default_inference_steps: 30,
      scheduler_ids: [S.ddim.id, S.dpm2m.id],
      confirmed: 'id prefix 9fa49c00- (sc-raycast)',
    },
    {
      id: 'b6c1372f-31a7-457c-907c-d292a6ffef97', name: 'Luna Diffusion', is_default: false, is_active: true, is_hidden: false,
      default_width: 768, default_height: 768, default_scheduler_id: S.eulerA.id, default_inference_steps: 30,
      scheduler_ids: [S.euler.id, S.eulerA.id, S.dpm2m.id],
      confirmed: 'id (sc-go discobot/aspectratio/aspectratio.go LUNA_ID); 768 square size (GetWidthHeightForModel)',
    },
    {
      id: 'fc06f6ab-ed14-4186-a7c0-aaec288d4f38', name: '22 Diffusion', is_default: false, is_active: true, is_hidden: true,
      default_width: 512, default_height: 512, default_scheduler_id: S.lms.id, default_inference_steps: 30,
      scheduler_ids: [S.lms.id, S.ddim.id, S.euler.id],
      confirmed: 'id (aspectratio.go _22_DIFFUSION_ID); 512 square size (GetWidthHeightForModel); hidden-but-active is a guess',
    },
    {
      id: 'f7f3d973-ac6f-4a7a-9db8-e89e4fba03a9', name: 'Waifu Diffusion', is_default: false, is_active: false, is_hidden: false,
      default_width: 512, default_height: 512, default_scheduler_id: S.euler.id, default_inference_steps: 30,
      scheduler_ids: [S.euler.id],
      confirmed: 'id (aspectratio.go WAIFU_ID); 512 square size (GetWidthHeightForModel); inactive is a guess',
    },
  ] as readonly GenerationModel[],
  upscaleModels: [
    {
      id: '14c9c5a4-d3e5-4a1b-9c2f-6f5a8e1b7d30', name: 'SwinIR', is_default: true, scale: 4,
      confirmed: 'id prefix 14c9c5a4- (public clients); one upscale model, 4x (API-BEHAVIOR.md §16.4 leaves others open)',
    },
  ] as readonly UpscaleModel[],
};

/** Every scheduler the server knows. */
export const SCHEDULERS: readonly Scheduler[] = CATALOGUE.schedulers;

/** The global default scheduler: what `/defaults` reports, although no model defaults to it. */
export const GLOBAL_DEFAULT_SCHEDULER_ID = CATALOGUE.defaultSchedulerId;

export const FLUX_MODEL_ID = '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b';

/** Every generation model the server knows, including a hidden and an inactive one. */
export const GENERATION_MODELS: readonly GenerationModel[] = CATALOGUE.generationModels;

/** The upscale models: SwinIR (4x) only. */
export const UPSCALE_MODELS: readonly UpscaleModel[] = CATALOGUE.upscaleModels;

export const defaultGenerationModel = (): GenerationModel => GENERATION_MODELS.find((m) => m.is_default)!;
export const defaultUpscaleModel = (): UpscaleModel => UPSCALE_MODELS.find((m) => m.is_default)!;
export const findGenerationModel = (id: string): GenerationModel | undefined => GENERATION_MODELS.find((m) => m.id === id);
export const findUpscaleModel = (id: string): UpscaleModel | undefined => UPSCALE_MODELS.find((m) => m.id === id);
export const findScheduler = (id: string): Scheduler | undefined => SCHEDULERS.find((s) => s.id === id);
