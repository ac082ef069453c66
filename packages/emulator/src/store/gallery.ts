import { nowMicros } from '../clock';
import { newId } from '../ids';

/** A generation row. Times are microseconds since the epoch. */
export interface Generation {
  id: string;
  userId: string;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
  status: 'queued' | 'started' | 'succeeded' | 'failed';
  prompt: { id: string; text: string };
  negativePrompt?: { id: string; text: string };
  modelId: string;
  schedulerId: string;
  width: number;
  height: number;
  seed: number;
  inferenceSteps: number;
  guidanceScale: number;
  numOutputs: number;
  initImageUrl?: string;
  promptStrength?: number;
  /** Timestamps reserved for the outputs when the generation was created (see `createGeneration`). */
  outputTimes: number[];
}

/** The gallery states an output can be in. */
export const GALLERY_STATUSES = ['not_submitted', 'submitted', 'approved', 'rejected', 'waiting_for_approval'] as const;
export type GalleryStatus = (typeof GALLERY_STATUSES)[number];

/** A generation output row. */
export interface Output {
  id: string;
  generation: Generation;
  createdAt: number;
  updatedAt: number;
  /** The CDN image of this output. */
  imageId: string;
  imageUrl: string;
  upscaledImageUrl?: string;
  isFavorited: boolean;
  galleryStatus: GalleryStatus;
  wasAutoSubmitted: boolean;
  isPublic: boolean;
  likeCount: number;
}

/** An upscale row (its id is what a fresh upscale answers; it is not listed anywhere). */
export interface Upscale {
  id: string;
  userId: string;
  createdAt: number;
  outputId?: string;
  imageUrl?: string;
}

export type NewGeneration = Omit<Generation, 'id' | 'createdAt' | 'status' | 'prompt' | 'negativePrompt' | 'outputTimes'> & {
  promptText: string;
  negativePromptText?: string;
};

/**
 * Generations, outputs and upscales. Each user's outputs are kept sorted by
 * (generation.created_at, output.created_at), the order of the real list query.
 */
export class Gallery {
  private readonly generations = new Map<string, Generation>();
  private readonly outputs = new Map<string, Output>();
  private readonly outputsByUser = new Map<string, Output[]>();
  private readonly upscales = new Map<string, Upscale>();
  private readonly prompts = new Map<string, string>();

  /**
   * Creates a queued generation. The outputs' `created_at` values are reserved now, right after
   * the generation's, so sorting by output time equals the real sort by generation time first:
   * a cursor taken from any output then splits the list cleanly.
   */
  createGeneration(input: NewGeneration): Generation {
    const { promptText, negativePromptText, ...rest } = input;
    const generation: Generation = {
      ...rest,
      id: newId(),
      createdAt: nowMicros(),
      status: 'queued',
      prompt: { id: this.promptId(promptText), text: promptText },
      negativePrompt: negativePromptText ? { id: this.promptId(negativePromptText), text: negativePromptText } : undefined,
      outputTimes: [],
    };
    generation.outputTimes = Array.from({ length: Math.max(0, input.numOutputs) }, () => nowMicros());
    this.generations.set(generation.id, generation);
    return generation;
  }

  start(generation: Generation): void {
    generation.status = 'started';
    generation.startedAt = nowMicros();
  }

  fail(generation: Generation): void {
    generation.status = 'failed';
    generation.completedAt = nowMicros();
  }

  /**
   * Marks a generation succeeded with the outputs the worker kept: `slot` says which of the
   * reserved output times each one takes (images the filter dropped leave their slot unused).
   */
  succeed(
    generation: Generation,
    kept: Array<{ slot: number; imageId: string; imageUrl: string }>,
    state: Pick<Output, 'galleryStatus' | 'wasAutoSubmitted' | 'isPublic'>,
  ): Output[] {
    generation.status = 'succeeded';
    generation.completedAt = nowMicros();
    const list = this.userOutputs(generation.userId);
    return kept.map(({ slot, imageId, imageUrl }) => {
      const createdAt = generation.outputTimes[slot];
      const output: Output = { id: newId(), generation, createdAt, updatedAt: createdAt, imageId, imageUrl, isFavorited: false, likeCount: 0, ...state };
      this.outputs.set(output.id, output);
      list.splice(this.insertionIndex(list, createdAt), 0, output);
      return output;
    });
  }

  output(id: string): Output | undefined {
    return this.outputs.get(id);
  }

  /** A user's outputs, oldest first. Do not modify the array. */
  userOutputs(userId: string): Output[] {
    let list = this.outputsByUser.get(userId);
    if (!list) {
      list = [];
      this.outputsByUser.set(userId, list);
    }
    return list;
  }

  /** Records the upscale of an output: it shows in that output's `upscaled_image_url` from now on. */
  setUpscaled(output: Output, upscaledImageUrl: string): void {
    output.upscaledImageUrl = upscaledImageUrl;
    output.updatedAt = nowMicros();
  }

  addUpscale(upscale: Omit<Upscale, 'id' | 'createdAt'>): Upscale {
    const row: Upscale = { ...upscale, id: newId(), createdAt: nowMicros() };
    this.upscales.set(row.id, row);
    return row;
  }

  clear(): void {
    this.generations.clear();
    this.outputs.clear();
    this.outputsByUser.clear();
    this.upscales.clear();
    this.prompts.clear();
  }

  private promptId(text: string): string {
    let id = this.prompts.get(text);
    if (!id) {
      id = newId();
      this.prompts.set(text, id);
    }
    return id;
  }

  private insertionIndex(list: Output[], createdAt: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].createdAt < createdAt) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
