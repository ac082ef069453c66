/**
 * HTTP middleware of the app. The token goes to the Stablecog API and nowhere else: images are
 * downloaded from other origins (Stablecog's CDN, Zapier's file store, any URL a user maps), and a
 * token in those requests would leak it.
 */
import type { AfterResponseMiddleware, BeforeRequestMiddleware, Bundle } from 'zapier-platform-core';
import { apiToken, apiUrl } from './config';

/** Whether `url` is on the API origin of this bundle. */
export function isApiRequest(url: string, bundle: Bundle): boolean {
  try {
    return new URL(url).origin === new URL(apiUrl(bundle)).origin;
  } catch {
    return false;
  }
}

/** Adds `Authorization: Bearer sc-…` to requests for the Stablecog API only. */
export const addBearerToken: BeforeRequestMiddleware = (request, _z, bundle) => {
  const token = apiToken(bundle);
  if (token && isApiRequest(request.url, bundle)) {
    request.headers = { ...request.headers, Authorization: `Bearer ${token}` };
  }
  return request;
};

/**
 * Explains a failed download of an image from another origin (a mapped file or URL). Responses of
 * the API itself pass untouched: the client's core reads every status and classifies it, and
 * `errors.ts` turns that into Zapier's error classes.
 */
export const explainFailedDownloads: AfterResponseMiddleware = (response, z, bundle) => {
  const url = response.request?.url;
  if (response.status < 400 || !url || isApiRequest(url, bundle)) return response;
  const where = describeUrl(url);
  throw new z.errors.Error(
    `Could not download the image at ${where}: the server answered HTTP ${response.status}. ` +
      'Map a file from an earlier step, or use a public link to a JPEG, PNG or WebP image.',
    'image_download_failed',
    response.status,
  );
};

/** Host and path of a URL, without its query (presigned links carry signatures there). */
export function describeUrl(url: string): string {
  try {
    const { origin, pathname } = new URL(url);
    return origin + pathname;
  } catch {
    return 'the given link';
  }
}

export const beforeRequest = [addBearerToken];
export const afterResponse = [explainFailedDownloads];
