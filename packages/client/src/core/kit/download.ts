/**
 * Downloads of result images from Stablecog's CDN, for front ends that perform them on their own
 * HTTP stack (never with the API's credential: the CDN is another origin). A download is a read,
 * so the core's retry policy decides what is tried again (network failures, 429, 5xx); the front
 * end only performs one request.
 */
import { failureKind, systemErrorCode } from '../http/failure';
import { retryDelay, type AttemptOutcome, type RetryPolicy } from '../http/retry';

/** How long one image download may take. */
export const DOWNLOAD_TIMEOUT_MS = 120_000;

/** Two more tries within 10 s of waiting: an image is there to stay, a short hiccup is all we wait out. */
export const DOWNLOAD_RETRY_POLICY: RetryPolicy = { maxRetries: 2, budgetMs: 10_000, baseDelayMs: 1_000, maxDelayMs: 4_000 };

/** What one download request got back. */
export interface DownloadResponse<T> {
  status: number;
  contentType?: string;
  body: T;
}

/** How {@link downloadWithRetry} waits and is cancelled. */
export interface DownloadOptions {
  /** Waits `ms` (the platform's own sleep). */
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  /** How this platform says "cancelled" (default "the download was cancelled"). */
  cancelled?: string;
  random?: () => number;
}

/** The image's type from the CDN's Content-Type: `image/jpeg` (what Stablecog serves) when it sent none. */
export function imageMimeType(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
  return type.startsWith('image/') ? type : 'image/jpeg';
}

/**
 * Downloads `url` with `request` (one attempt, no credential), retried as the core's policy says.
 * Throws an Error with a plain message ("Downloading … failed: the image host answered 404").
 */
export async function downloadWithRetry<T>(
  url: string,
  request: () => Promise<DownloadResponse<T>>,
  options: DownloadOptions,
): Promise<{ data: T; mimeType: string }> {
  let waitedMs = 0;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new Error(options.cancelled ?? 'the download was cancelled');
    let outcome: AttemptOutcome;
    let problem: string;
    try {
      const response = await request();
      if (response.status >= 200 && response.status < 300) {
        return { data: response.body, mimeType: imageMimeType(response.contentType) };
      }
      problem = `the image host answered ${response.status}`;
      outcome = { kind: 'response', status: response.status };
    } catch (error) {
      const code = systemErrorCode(error);
      problem = `the connection failed${code ? ` (${code})` : ''}`;
      outcome = { kind: 'failure', failure: failureKind(code, options.signal?.aborted) };
    }
    const delay = retryDelay('read', outcome, attempt, waitedMs, DOWNLOAD_RETRY_POLICY, options.random ?? Math.random);
    if (delay === undefined) throw new Error(`Downloading ${url} failed: ${problem}`);
    await options.sleep(delay);
    waitedMs += delay;
  }
}
