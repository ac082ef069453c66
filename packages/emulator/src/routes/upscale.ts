import { createHash } from 'node:crypto';
import { imageUrl, type App, type Call } from '../app';
import { defaultUpscaleModel, findUpscaleModel, type UpscaleModel } from '../catalog';
import { parseUuid } from '../ids';
import { BodyTooLargeError, readBody } from '../http/body';
import { MultipartError, parseMultipart } from '../http/multipart';
import { apiError, entityTooLarge, json, UNKNOWN_ERROR, type Reply } from '../http/reply';
import type { ImageSpec } from '../images/registry';
import { sniffImage } from '../images/sniff';
import { loadInputImage, MiB, type InputImage } from '../input-images';
import type { Output } from '../store/gallery';
import { decodeGoJson, JsonParseError, type Decoded } from '../validation/go-json';
import { runJob, takeSlot } from './create-job';
import type { CRASH } from './route';

/** The fields of the server's upscale request struct. */
const UPSCALE_FIELDS = { input: 'string', model_id: 'uuid', type: 'string', stream_id: 'string', ui_id: 'string' } as const;
/** The multipart `data` part sets only the model. */
const MULTIPART_DATA_FIELDS = { model_id: 'uuid' } as const;

/** The input's pixel area limit: 1,048,576 (not 1024 per side). */
const MAX_INPUT_AREA = 1024 * 1024;
/** Upscaled images are the model's scale (4x), capped at this area to keep encoding fast. */
const MAX_OUTPUT_AREA = 2048 * 2048;

type Source = { kind: 'output'; output: Output } | { kind: 'image'; image: InputImage };

/** An upscale request after sc-go's `Validate`: what to upscale, not yet looked up. */
interface Validated {
  model: UpscaleModel;
  /** What `settings.input` echoes: the output id, URL or `s3://` object as sent. */
  input: string;
  /** Set when `input` is a UUID (sc-go `ApplyDefaults` then treats it as an output). */
  outputId?: string;
}

/**
 * `POST /v1/image/upscale/create`: upscales one of the caller's outputs (an already upscaled one
 * comes back at once, free), an image URL, an `s3://` upload, or a multipart file. Blocks like create.
 * The order of checks is sc-go's `server/scworker/upscale.go` `CreateUpscale`: ban, validation
 * (no settings), the queue wait, then the input lookups (their errors carry the settings), credits.
 */
export async function upscale(app: App, call: Call): Promise<Reply | typeof CRASH> {
  const account = call.account!;
  let request: Validated | Reply;
  try {
    request = await parse(app, call);
  } catch (err) {
    if (err instanceof JsonParseError) return apiError(400, 'json_parse_error');
    if (err instanceof BodyTooLargeError) return entityTooLarge();
    throw err;
  }
  if (!('model' in request)) return request;
  const { model, input } = request;
  const settings = { model_id: model.id, input };

  // sc-go returns nil settings with queue_limit_reached on upscale (unlike generate).
  const slot = await takeSlot(app, call, 'upscale', undefined);
  if ('reply' in slot) return slot.reply;
  try {
    const source = await resolve(app, call, request, settings);
    if (!('kind' in source)) return source;
    if (source.kind === 'output' && source.output.upscaledImageUrl) {
      const { output } = source;
      return json(200, {
        outputs: [{ id: output.id, url: output.imageUrl, upscaled_image_url: output.upscaledImageUrl }],
        remaining_credits: app.accounts.total(account),
        settings,
      });
    }
    if (!app.accounts.deduct(account, 1)) return apiError(400, 'insufficient_credits', { settings });
    const remainingCredits = app.accounts.total(account);
    const row = app.gallery.addUpscale({ userId: account.userId, outputId: source.kind === 'output' ? source.output.id : undefined });
    const charge = app.ledger.add({ userId: account.userId, kind: 'charge', amount: 1, operation: 'upscale', upscaleId: row.id });

    const outcome = await runJob(app, call, app.config.upscaleLatencyMs ?? app.config.latencyMs);
    if (outcome !== 'succeeded') {
      app.accounts.refund(account, 1);
      const reason = outcome === 'timeout' ? 'TIMEOUT' : 'worker_failure';
      app.ledger.add({ userId: account.userId, kind: 'refund', amount: 1, operation: 'upscale', upscaleId: row.id, reason });
      return apiError(500, outcome === 'timeout' ? 'TIMEOUT' : UNKNOWN_ERROR, { settings });
    }

    const url = imageUrl(app, app.images.add(upscaledSpec(app, source, model.scale)));
    row.imageUrl = url;
    if (source.kind === 'output') app.gallery.setUpscaled(source.output, url);
    charge.outputIds = [row.id];
    return json(200, { outputs: [{ id: row.id, url, upscaled_image_url: url }], remaining_credits: remainingCredits, settings });
  } finally {
    slot.release();
  }
}

/**
 * Reads a JSON or multipart request (sc-go `server/api/rest/upscale.go` `HandleCreateUpscaleToken`),
 * then the ban and `requests/create_upscale.go` `Validate`; these errors carry no settings.
 */
async function parse(app: App, call: Call): Promise<Validated | Reply> {
  const account = call.account!;
  const body = await readBody(call.req);
  const multipart = (call.req.headers['content-type'] ?? '').includes('multipart/form-data');
  let fields: Decoded<typeof UPSCALE_FIELDS>;
  if (multipart) {
    let form;
    try {
      form = await parseMultipart(call.req.headers, body);
    } catch (err) {
      if (err instanceof MultipartError) return apiError(400, 'parse_error', { description: err.message });
      throw err;
    }
    const file = form.files.get('file');
    const info = file && sniffImage(file.data);
    if (file && !info) return apiError(400, 'invalid_content_type', { description: 'Content type must be image/jpeg, image/png, or image/webp' });
    const data = form.fields.get('data');
    fields = data ? decodeGoJson(data, MULTIPART_DATA_FIELDS) : {};
    // With no file part the input is a bare "s3://", which no user owns (image_not_owned).
    fields.input = 's3://';
    // sc-go stores the file in S3 first and reads it back like any s3:// input.
    if (file && info) fields.input = app.uploads.put(account.userId, account.identifier, { ...info, bytes: file.data }).key;
  } else {
    fields = decodeGoJson(body.toString('utf8'), UPSCALE_FIELDS);
  }
  if (account.banned) return apiError(403, 'user_banned');

  const input = fields.input ?? '';
  const outputId = parseUuid(input);
  if (!outputId && !/^(s3|https?):\/\//.test(input)) return apiError(400, 'invalid_image_url');
  const model = findUpscaleModel(fields.model_id ?? defaultUpscaleModel().id);
  if (!model) return apiError(400, 'invalid_model_id');
  return { model, input, outputId };
}

/** Looks up what to upscale (after the queue wait, as sc-go does); errors carry the settings. */
async function resolve(app: App, call: Call, request: Validated, settings: unknown): Promise<Source | Reply> {
  const account = call.account!;
  if (request.outputId) {
    const output = app.gallery.output(request.outputId);
    if (!output || output.generation.userId !== account.userId) return apiError(400, 'output_not_found', { settings });
    return { kind: 'output', output };
  }
  const loaded = await loadInputImage(app, account, request.input, {
    notOwned: 'image_not_owned',
    notFound: 'init_image_not_found',
    settings,
    maxBytes: 10 * MiB,
    maxArea: MAX_INPUT_AREA,
  });
  if ('reply' in loaded) return loaded.reply;
  return { kind: 'image', image: loaded.image };
}

/** The picture of the upscale: the same picture larger (a JPEG input is really resized). */
function upscaledSpec(app: App, source: Source, scale: number): ImageSpec {
  const [width, height] = source.kind === 'output' ? [source.output.generation.width, source.output.generation.height] : [source.image.width, source.image.height];
  const factor = Math.min(scale, Math.sqrt(MAX_OUTPUT_AREA / (width * height)));
  const size = { width: Math.round(width * factor), height: Math.round(height * factor) };
  if (source.kind === 'output') {
    const original = app.images.spec(source.output.imageId);
    return original?.kind === 'pattern' ? { ...original, ...size } : { kind: 'pattern', key: source.output.id, ...size };
  }
  if (source.image.type === 'jpeg') return { kind: 'resized-jpeg', source: source.image.bytes, ...size };
  return { kind: 'pattern', key: createHash('sha256').update(source.image.bytes).digest('hex'), ...size };
}
