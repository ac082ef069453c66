/**
 * Stablecog as an MCP server: six tools over one {@link Stablecog} client. Creates cost credits and
 * block for seconds to minutes (progress heartbeats meanwhile); a create whose answer is lost is
 * never resent, and its error gives the `find_outputs` arguments that recover the images.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ContentBlock, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Stablecog } from '../client';
import type { GenerateInput } from '../core';
import { downloadImage } from '../download';
import { compactGenerate, compactOutput, compactUpscale, errorResult, jsonResult } from './results';
import { findOutputsShape, generateImageShape, listOutputsShape, upscaleImageShape } from './schemas';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** How often a blocking create reports progress (default 5 s). */
  heartbeatMs?: number;
  /** Largest image returned inline when a caller asks for images (default 1 MiB). */
  maxImageBytes?: number;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const PAID = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true } as const;
const FREE = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;
const NEVER_AGAIN =
  'Takes seconds to a few minutes. If the answer is lost, do NOT call it again for the same request: ' +
  'the error gives the find_outputs arguments that recover the images.';

/** Builds the server; connect it to a transport (`server.connect(transport)`). */
export function createMcpServer(client: Stablecog, options: McpServerOptions = {}): McpServer {
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const maxImageBytes = options.maxImageBytes ?? 1024 * 1024;
  const server = new McpServer({ name: 'stablecog', version });

  server.registerTool(
    'generate_image',
    {
      title: 'Generate images',
      description: `Generate images from a text prompt with Stablecog. Costs 1 credit per image (num_outputs, default 2). ${NEVER_AGAIN}`,
      inputSchema: generateImageShape,
      annotations: PAID,
    },
    async ({ include_images, ...input }, extra) =>
      run(async () => {
        const result = await whileReporting(extra, heartbeatMs, 'Generating', () =>
          client.images.generate(input as GenerateInput, { signal: extra.signal }),
        );
        const compact = compactGenerate(result, String(input.prompt));
        return withImages(jsonResult(compact), include_images === true ? compact.images : [], maxImageBytes, extra.signal);
      }),
  );

  server.registerTool(
    'upscale_image',
    {
      title: 'Upscale an image',
      description: `Upscale an image (an output id or an image URL) with Stablecog. Costs 1 credit (free for an output already upscaled). ${NEVER_AGAIN}`,
      inputSchema: upscaleImageShape,
      annotations: PAID,
    },
    async ({ include_images, input, model_id }, extra) =>
      run(async () => {
        const result = await whileReporting(extra, heartbeatMs, 'Upscaling', () =>
          client.images.upscale({ input: input as string, model_id: model_id as string | undefined }, { signal: extra.signal }),
        );
        const compact = compactUpscale(result);
        return withImages(jsonResult(compact), include_images === true ? compact.images : [], maxImageBytes, extra.signal);
      }),
  );

  server.registerTool(
    'find_outputs',
    {
      title: 'Find earlier images',
      description:
        'Free. Find your earlier Stablecog images: by meaning (search), or the images of a generate_image call whose ' +
        'answer was lost (prompt, seed and since, exactly as its error said).',
      inputSchema: findOutputsShape,
      annotations: FREE,
    },
    async ({ search, prompt, seed, since, limit }, extra) =>
      run(async () => {
        const max = (limit as number | undefined) ?? 20;
        if (since !== undefined) {
          const found = await client.outputs.find({ prompt, seed, since, limit: max } as never, { signal: extra.signal });
          return jsonResult({ outputs: found.map(compactOutput) });
        }
        if (search === undefined) {
          return errorResult(new Error('Give search (what the image shows), or since (with prompt and seed) to recover a lost generate_image call.'));
        }
        const page = await client.outputs.list({ search: search as string, per_page: max }, { signal: extra.signal });
        return jsonResult({ outputs: page.outputs.map(compactOutput) });
      }),
  );

  server.registerTool(
    'list_outputs',
    {
      title: 'List your images',
      description: 'Free. Your Stablecog images, newest first, one page at a time (pass `next` back as cursor).',
      inputSchema: listOutputsShape,
      annotations: FREE,
    },
    async (query, extra) =>
      run(async () => {
        const page = await client.outputs.list({ ...query, per_page: query.per_page ?? 20 } as never, { signal: extra.signal });
        return jsonResult({ outputs: page.outputs.map(compactOutput), ...(page.next === undefined ? {} : { next: page.next }) });
      }),
  );

  server.registerTool(
    'get_credits',
    {
      title: 'Credits left',
      description: 'Free. How many Stablecog credits the account has left (1 per generated image, 1 per upscale).',
      annotations: FREE,
    },
    async (extra) =>
      run(async () => jsonResult({ remaining_credits: (await client.credits.get({ signal: extra.signal })).total_remaining_credits })),
  );

  server.registerTool(
    'list_models',
    {
      title: 'Models',
      description: 'Free. The generation and upscale models (ids for model_id), with their default sizes.',
      annotations: FREE,
    },
    async (extra) =>
      run(async () => {
        const [generation, upscale] = await Promise.all([
          client.models.generation({ signal: extra.signal }),
          client.models.upscale({ signal: extra.signal }),
        ]);
        return jsonResult({
          generation: generation.map((m) => ({
            id: m.id,
            name: m.name,
            ...(m.is_default ? { default: true } : {}),
            width: m.default_width,
            height: m.default_height,
          })),
          upscale: upscale.map((m) => ({ id: m.id, name: m.name, ...(m.is_default ? { default: true } : {}) })),
        });
      }),
  );

  return server;
}

/** Runs a handler, turning every failure into a tool error the model can read. */
async function run(handler: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await handler();
  } catch (err) {
    return errorResult(err);
  }
}

/**
 * Sends a progress notification every `everyMs` while `work` runs, when the caller asked for
 * progress. The API reports none of its own, so these carry the elapsed time; with
 * `resetTimeoutOnProgress` they keep a host's request timeout from cutting a long create.
 */
async function whileReporting<T>(extra: Extra, everyMs: number, label: string, work: () => Promise<T>): Promise<T> {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return work();
  const started = Date.now();
  let beats = 0;
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken, progress: ++beats, message: `${label}… ${seconds} s` },
      })
      .catch(() => undefined); // a closed connection: the result will not arrive either
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Adds each image as MCP image content (when asked), skipping any larger than `maxBytes`. */
async function withImages(
  result: CallToolResult,
  images: ReadonlyArray<{ url: string }>,
  maxBytes: number,
  signal: AbortSignal,
): Promise<CallToolResult> {
  const blocks: ContentBlock[] = [];
  for (const { url } of images) {
    try {
      const image = await downloadImage(url, { signal });
      if (image.data.byteLength > maxBytes) {
        blocks.push({ type: 'text', text: `${url} is ${image.data.byteLength} bytes, over the ${maxBytes}-byte limit: use the URL.` });
        continue;
      }
      blocks.push({ type: 'image', data: Buffer.from(image.data).toString('base64'), mimeType: image.contentType ?? 'image/jpeg' });
    } catch {
      blocks.push({ type: 'text', text: `${url} could not be downloaded now; the URL stays valid.` });
    }
  }
  return { ...result, content: [...result.content, ...blocks] };
}
