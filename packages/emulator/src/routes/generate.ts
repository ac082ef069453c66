import { imageUrl, type App, type Call } from '../app';
import { BodyTooLargeError, readBody } from '../http/body';
import { apiError, entityTooLarge, json, type Reply } from '../http/reply';
import { loadInputImage, MiB } from '../input-images';
import { isRejectedPrompt, keptOutputSlots } from '../moderation';
import { decodeGoJson, JsonParseError } from '../validation/go-json';
import { checkGenerate, GENERATE_FIELDS, generationSettings, type GenerateBody, type GenerationRequest } from '../validation/generate';
import { takeSlot, runJob } from './create-job';
import { CRASH } from './route';

/** The error text of a failed generation (the real one passes the worker's message through). */
export const WORKER_ERROR = 'Failed to generate image: CUDA out of memory';

/**
 * `POST /v1/image/generation/create`: checks, waits for a slot, charges, blocks for the latency,
 * answers the outputs. A client that leaves does not stop it: the job ends, is charged, and its
 * outputs are listed.
 */
export async function generate(app: App, call: Call): Promise<Reply | typeof CRASH> {
  const account = call.account!;
  let body: GenerateBody;
  try {
    body = decodeGoJson((await readBody(call.req)).toString('utf8'), GENERATE_FIELDS);
  } catch (err) {
    if (err instanceof JsonParseError) return apiError(400, 'json_parse_error');
    if (err instanceof BodyTooLargeError) return entityTooLarge();
    throw err;
  }
  // sc-go server/scworker/generate.go CreateGeneration: a banned user is refused before validation.
  if (account.banned) return apiError(403, 'user_banned');
  const check = checkGenerate(body);
  if (!check.ok) return 'crash' in check ? CRASH : apiError(400, check.error);
  const request: GenerationRequest = check.request;
  // Free users' outputs are always submitted to the public gallery.
  if (account.plan === 'free') request.submitToGallery = true;

  // sc-go server/scworker/generate.go CreateGeneration: every error from here on carries the settings.
  const settings = generationSettings(request);
  const imageChecks = [
    { url: request.initImageUrl, notOwned: 'init_image_not_owned', notFound: 'init_image_not_found' },
    // The mask's ownership error reuses the init image's code (sc-go's copy-paste).
    { url: request.maskImageUrl, notOwned: 'init_image_not_owned', notFound: 'mask_image_not_found' },
  ];
  for (const { url, ...errors } of imageChecks) {
    if (!url) continue;
    const loaded = await loadInputImage(app, account, url, { ...errors, settings, maxBytes: 5 * MiB });
    if ('reply' in loaded) return loaded.reply;
  }

  const slot = await takeSlot(app, call, 'generate', settings);
  if ('reply' in slot) return slot.reply;
  try {
    // One transaction on the real server: deduct, moderate (a rejection rolls back), create the row.
    const cost = request.numOutputs;
    if (cost === 0 || app.accounts.total(account) < cost) return apiError(400, 'insufficient_credits', { settings });
    if (isRejectedPrompt(request.prompt)) return apiError(400, 'nsfw_prompt', { settings });
    app.accounts.deduct(account, cost);
    const remainingCredits = app.accounts.total(account);
    const generation = app.gallery.createGeneration({
      userId: account.userId,
      promptText: request.prompt,
      negativePromptText: request.negativePrompt || undefined,
      modelId: request.model.id,
      schedulerId: request.schedulerId,
      width: request.width,
      height: request.height,
      seed: request.seed,
      inferenceSteps: request.model.default_inference_steps,
      guidanceScale: request.guidanceScale,
      numOutputs: cost,
      initImageUrl: request.initImageUrl,
      promptStrength: request.promptStrength,
    });
    const charge = app.ledger.add({ userId: account.userId, kind: 'charge', amount: cost, operation: 'generate', generationId: generation.id });
    app.gallery.start(generation);

    const outcome = await runJob(app, call, app.config.latencyMs);
    if (outcome !== 'succeeded') {
      app.gallery.fail(generation);
      app.accounts.refund(account, cost);
      const reason = outcome === 'timeout' ? 'TIMEOUT' : 'worker_failure';
      app.ledger.add({ userId: account.userId, kind: 'refund', amount: cost, operation: 'generate', generationId: generation.id, reason });
      return apiError(500, outcome === 'timeout' ? 'TIMEOUT' : WORKER_ERROR, { settings });
    }

    const kept = keptOutputSlots(request.prompt, cost).map((slot) => {
      const key = `${request.seed}|${request.prompt}|${slot}`;
      return { slot, imageId: app.images.add({ kind: 'pattern', key, width: request.width, height: request.height }) };
    });
    const outputs = app.gallery.succeed(
      generation,
      kept.map(({ slot, imageId }) => ({ slot, imageId, imageUrl: imageUrl(app, imageId) })),
      account.plan === 'free'
        ? { galleryStatus: 'submitted', wasAutoSubmitted: true, isPublic: true }
        : { galleryStatus: request.submitToGallery ? 'submitted' : 'not_submitted', wasAutoSubmitted: false, isPublic: false },
    );
    charge.outputIds = outputs.map((o) => o.id);
    return json(200, {
      outputs: outputs.map((o) => ({ id: o.id, url: o.imageUrl, image_url: o.imageUrl })),
      remaining_credits: remainingCredits,
      settings,
    });
  } finally {
    slot.release();
  }
}
