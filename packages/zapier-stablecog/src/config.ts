/**
 * Where the app sends its requests and how long a create may take. Real users never see either:
 * the API origin is fixed, and only tests, the demo and `zapier-platform invoke` point it elsewhere.
 */
import type { Bundle } from 'zapier-platform-core';
import { apiBaseUrl, cleanApiToken } from '@stablecog/client/core';

/**
 * The API origin for this bundle. An undeclared `authData.base_url` (set by tests, the demo, or
 * `authData_base_url=` in `.env` for `invoke`) points the app at the emulator; the connection form
 * has no such field, so a real connection always uses the real API.
 */
export function apiUrl(bundle: Pick<Bundle, 'authData'> | undefined): string {
  const url = apiBaseUrl(bundle?.authData?.base_url);
  if (!/^https?:\/\/[^/]+/i.test(url)) {
    throw new Error(`base_url must be an http(s) origin such as http://127.0.0.1:8787 (got "${url}")`);
  }
  return url;
}

/** The API key of this bundle as Stablecog reads it (the core's `cleanApiToken`), or none. */
export function apiToken(bundle: Pick<Bundle, 'authData'> | undefined): string | undefined {
  return cleanApiToken(String(bundle?.authData?.api_token ?? '')) || undefined;
}

/** Zapier stops an action after 30 s; a generate gets this much of it by default. */
export const DEFAULT_TIME_BUDGET_MS = 25_000;

/**
 * How long a create may wait for Stablecog, from the start of the step. Tests shorten it with
 * `STABLECOG_TIME_BUDGET_MS` (a Zapier environment variable works the same way).
 */
export function timeBudgetMs(): number {
  const configured = Number(process.env.STABLECOG_TIME_BUDGET_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_TIME_BUDGET_MS;
}
