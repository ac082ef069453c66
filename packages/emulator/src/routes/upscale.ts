import { createHash } from 'node:crypto';
import { imageUrl, type App, type Call } from '../app';
import { defaultUpscaleModel, findUpscaleModel, type UpscaleModel } from '../catalog';
import { parseUuid } from '../ids';
import { BodyTooLargeError, readBody } from '../http/body';
import { MultipartError, parseMultipart } from '../http/multipart';
import { apiError, entityTooLarge, json, unknownError, type Reply } from '../http/reply';
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

interface Parsed {
  model: UpscaleModel;
  /** What `settings.input` echoes: the output id, URL or `s3://` object as sent. */
  input: string;
  source: Source;
}

/**
 * `POST /v1/image/upscale/create`: upscales one of the caller's outputs (an already upscaled one
 * comes back at once, free), an image URL, an `s3://` upload, or a multipart file. Blocks like create.
 */
export async function upscale(app: App, call: Call): Promise<Reply | typeof CRASH> {
  const account = call.account!;
  let parsed: Parsed | Reply;
  try {
    parsed = await parse(app, call);
  } catch (err) {
    if (err instanceof JsonParseError) return apiError(400, 'json_parse_error');
    if (err instanceof BodyTooLargeError) return entityTooLarge();
    throw err;
  }
  if (!('source' in parsed)) return parsed;
  const { model, input, source } = parsed;
  const settings = { model_id: model.id, input };

  if (source.kind === 'output' && source.output.upscaledImageUrl) {
    const { output } = source;
    return json(200, {
      outputs: [{ id: output.id, url: output.imageUrl, upscaled_image_url: output.upscaledImageUrl }],
      remaining_credits: app.accounts.total(account),
      settings,
    });
  }

  const slot = await takeSlot(app, call, 'upscale', settings);
  if ('reply' in slot) return slot.reply;
  try {
    if (!app.accounts.deduct(account, 1)) return apiError(400, 'insufficient_credits', { settings });
    const remainingCredits = app.accounts.total(account);
    const row = app.gallery.addUpscale({ userId: account.userId, outputId: source.kind === 'output' ? source.output.id : undefined });
    const charge = app.ledger.add({ userId: account.userId, kind: 'charge', amount: 1, operation: 'upscale', upscaleId: row.id });

    const outcome = await runJob(app, call, app.config.upscaleLatencyMs ?? app.config.latencyMs);
    if (outcome !== 'succeeded') {
      app.accounts.refund(account, 1);
      const reason = outcome === 'timeout' ? 'TIMEOUT' : 'worker_failure';
      app.ledger.add({ userId: account.userId, kind: 'refund', amount: 1, operation: 'upscale', upscaleId: row.id, reason });
      return outcome === 'timeout' ? apiError(500, 'TIMEOUT', { settings }) : unknownError();
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

/** Reads a JSON or multipart request into what to upscale, or the error the server answers. */
async function parse(app: App, call: Call): Promise<Parsed | Reply> {
  const account = call.account!;
  const body = await readBody(call.req);
  const multipart = (call.req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
  let fields: Decoded<typeof UPSCALE_FIELDS>;
  let uploaded: InputImage | undefined;
  if (multipart) {
    let form;
    try {
      form = await parseMultipart(call.req.headers, body);
    } catch (err) {
      if (err instanceof MultipartError) return apiError(400, 'parse_error', { description: err.message });
      throw err;
    }
    const file = form.files.get('file');
    if (!file) return apiError(401, 'image_not_owned');
    const info = sniffImage(file.data);
    if (!info) return apiError(400, 'invalid_content_type');
    const data = form.fields.get('data');
    fields = data ? decodeGoJson(data, MULTIPART_DATA_FIELDS) : {};
    const object = app.uploads.put(account.userId, account.identifier, { ...info, bytes: file.data });
    fields.input = object.key;
    uploaded = object;
  } else {
    fields = decodeGoJson(body.toString('utf8'), UPSCALE_FIELDS);
  }

  const model = findUpscaleModel(fields.model_id ?? defaultUpscaleModel().id);
  if (!model) return apiError(400, 'invalid_model_id');
  const input = fields.input ?? '';
  const outputId = parseUuid(input);
  if (outputId) {
    const output = app.gallery.output(outputId);
    if (!output || output.generation.userId !== account.userId) return apiError(400, 'output_not_found');
    return { model, input, source: { kind: 'output', output } };
  }
  if (!/^(s3|https?):\/\//.test(input)) return apiError(400, 'invalid_image_url');
  if (uploaded && uploaded.width * uploaded.height > MAX_INPUT_AREA) return apiError(400, 'image_url_width_height_error');
  const loaded = uploaded
    ? { image: uploaded }
    : await loadInputImage(app, account, input, { notOwned: 'image_not_owned', notFound: 'init_image_not_found', maxBytes: 10 * MiB, maxArea: MAX_INPUT_AREA });
  if ('reply' in loaded) return loaded.reply;
  return { model, input, source: { kind: 'image', image: loaded.image } };
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
