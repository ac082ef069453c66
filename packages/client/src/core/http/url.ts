/** Builds request URLs: the query is encoded here once, so values (the cursor) arrive exactly as given. */
import type { RequestSpec } from './request';

/** The query string of a spec (`?a=1&b=2`), or `''`; undefined values are left out. */
export function queryString(query: RequestSpec['query']): string {
  if (!query) return '';
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return pairs.length ? `?${pairs.join('&')}` : '';
}

/** The full URL of a spec below `baseUrl` (a trailing slash on the base is fine). */
export function requestUrl(baseUrl: string, spec: Pick<RequestSpec, 'path' | 'query'>): string {
  return baseUrl.replace(/\/+$/, '') + spec.path + queryString(spec.query);
}
