/**
 * The models the emulator offers. FLUX.1's id is the real one (the default model); the other ids
 * follow the real prefixes where they are public (SDXL `8002bc51-`, Kandinsky 2.2 `9fa49c00-`,
 * SwinIR `14c9c5a4-`) and are otherwise invented. Clients must load them from `/models`.
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
}

/** An upscale model and the factor it enlarges by. */
export interface UpscaleModel {
  id: string;
  name: string;
  is_default: boolean;
  scale: number;
}

const S = {
  euler: { id: '6fb13b76-9900-4fa4-abf8-8f843e034a7f', name: 'Euler' },
  eulerA: { id: 'af2679a4-dbbb-4950-8c06-c3bb15416ef6', name: 'Euler Ancestral' },
  dpm2m: { id: '82cf78dd-6afb-48cc-aca6-14224cca6950', name: 'DPM++ 2M' },
  ddim: { id: 'b7224e56-1440-43b9-ac86-66d66f9e8c91', name: 'DDIM' },
  lms: { id: '55027f8b-f046-4e71-bc51-53d5448661e0', name: 'LMS' },
} satisfies Record<string, Scheduler>;

/** Every scheduler the server knows. */
export const SCHEDULERS: readonly Scheduler[] = Object.values(S);

/** The global default scheduler: what `/defaults` reports, although no model defaults to it. */
export const GLOBAL_DEFAULT_SCHEDULER_ID = S.dpm2m.id;

export const FLUX_MODEL_ID = '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b';

/** Every generation model the server knows, including a hidden and an inactive one. */
export const GENERATION_MODELS: readonly GenerationModel[] = [
  {
    id: FLUX_MODEL_ID, name: 'FLUX.1', is_default: true, is_active: true, is_hidden: false,
    default_width: 1024, default_height: 1024, default_scheduler_id: S.euler.id, default_inference_steps: 28,
    scheduler_ids: [S.euler.id],
  },
  {
    id: '8002bc51-7260-468f-8840-cf1e6dbe3f8a', name: 'SDXL', is_default: false, is_active: true, is_hidden: false,
    default_width: 1024, default_height: 1024, default_scheduler_id: S.euler.id, default_inference_steps: 30,
    scheduler_ids: [S.euler.id, S.eulerA.id, S.dpm2m.id, S.ddim.id],
  },
  {
    id: '9fa49c00-109f-4ae8-ae4d-1b59e5e8c6a3', name: 'Kandinsky 2.2', is_default: false, is_active: true, is_hidden: false,
    default_width: 768, default_height: 768, default_scheduler_id: S.ddim.id, default_inference_steps: 30,
    scheduler_ids: [S.ddim.id, S.dpm2m.id],
  },
  {
    id: 'b6c1372f-31a7-457c-907c-d292a6ffef97', name: 'SSD-1B', is_default: false, is_active: true, is_hidden: false,
    default_width: 1024, default_height: 1024, default_scheduler_id: S.eulerA.id, default_inference_steps: 30,
    scheduler_ids: [S.euler.id, S.eulerA.id, S.dpm2m.id],
  },
  {
    id: '048b4aa3-5586-47ed-900f-f4341c96bdb2', name: 'Stable Diffusion v1.5', is_default: false, is_active: true, is_hidden: true,
    default_width: 512, default_height: 512, default_scheduler_id: S.lms.id, default_inference_steps: 30,
    scheduler_ids: [S.lms.id, S.ddim.id, S.euler.id],
  },
  {
    id: 'f7f3d973-ac6f-4a7a-9db8-e89e4fba03a9', name: 'Waifu Diffusion v1.4', is_default: false, is_active: false, is_hidden: false,
    default_width: 512, default_height: 512, default_scheduler_id: S.euler.id, default_inference_steps: 30,
    scheduler_ids: [S.euler.id],
  },
];

/** The upscale models: SwinIR (4x) only, as on the real server. */
export const UPSCALE_MODELS: readonly UpscaleModel[] = [
  { id: '14c9c5a4-d3e5-4a1b-9c2f-6f5a8e1b7d30', name: 'SwinIR', is_default: true, scale: 4 },
];

export const defaultGenerationModel = (): GenerationModel => GENERATION_MODELS.find((m) => m.is_default)!;
export const defaultUpscaleModel = (): UpscaleModel => UPSCALE_MODELS.find((m) => m.is_default)!;
export const findGenerationModel = (id: string): GenerationModel | undefined => GENERATION_MODELS.find((m) => m.id === id);
export const findUpscaleModel = (id: string): UpscaleModel | undefined => UPSCALE_MODELS.find((m) => m.id === id);
export const findScheduler = (id: string): Scheduler | undefined => SCHEDULERS.find((s) => s.id === id);
