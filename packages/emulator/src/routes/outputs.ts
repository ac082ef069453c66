import type { App, Call } from '../app';
import { formatMicros } from '../clock';
import { apiError, json, type Reply } from '../http/reply';
import type { Output } from '../store/gallery';
import { listOutputs } from '../store/list-outputs';
import { parseOutputsQuery } from '../validation/outputs-query';

/** `GET /v1/image/generation/outputs`: the caller's outputs, one item per output (the V3 shape). */
export async function outputs(app: App, call: Call): Promise<Reply> {
  const parsed = parseOutputsQuery(call.url.searchParams);
  if (!parsed.ok) return apiError(400, parsed.error);
  const account = call.account!;
  const page = listOutputs(app.gallery.userOutputs(account.userId), parsed.query, account.username);
  const user = { username: account.username, identifier: account.identifier };
  return json(200, {
    ...(page.total !== undefined && { total: page.total }),
    ...(page.next !== undefined && { next: page.next }),
    outputs: page.outputs.map((o) => outputItem(o, user)),
  });
}

/** One item of the list, as the real V3 query shapes it. */
function outputItem(o: Output, user: { username: string; identifier: string }): Record<string, unknown> {
  const g = o.generation;
  return {
    id: o.id,
    image_url: o.imageUrl,
    ...(o.upscaledImageUrl !== undefined && { upscaled_image_url: o.upscaledImageUrl }),
    created_at: formatMicros(o.createdAt),
    updated_at: formatMicros(o.updatedAt),
    is_favorited: o.isFavorited,
    gallery_status: o.galleryStatus,
    was_auto_submitted: o.wasAutoSubmitted,
    is_public: o.isPublic,
    like_count: o.likeCount,
    // Set for the caller on every item (gallery_queries.go `RetrieveMostRecentGalleryDataV3`); nobody likes here.
    is_liked: false,
    generation: {
      id: g.id,
      created_at: formatMicros(g.createdAt),
      ...(g.startedAt !== undefined && { started_at: formatMicros(g.startedAt) }),
      ...(g.completedAt !== undefined && { completed_at: formatMicros(g.completedAt) }),
      user,
      prompt: g.prompt,
      ...(g.negativePrompt && { negative_prompt: g.negativePrompt }),
      model_id: g.modelId,
      scheduler_id: g.schedulerId,
      width: g.width,
      height: g.height,
      seed: g.seed,
      inference_steps: g.inferenceSteps,
      guidance_scale: g.guidanceScale,
      num_outputs: g.numOutputs,
      // No init_image_url: sc-go's presigning loop (`server/api/rest/user.go` `HandleQueryGenerations`)
      // sets it on a copy of each row, so the answer never carries it.
      ...(g.promptStrength !== undefined && { prompt_strength: g.promptStrength }),
    },
  };
}
