/** Reading values from Zapier's forms, which may be text, booleans or unrendered `{{mapped}}` fields. */
import { UUID_PATTERN } from '@stablecog/client/core';

/** A trimmed string, or undefined when empty or missing. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const result = String(value).trim();
  return result === '' ? undefined : result;
}

/** Whether a boolean field is on (Zapier sends true/false or the text "true"/"yes"). */
export function isOn(value: unknown): boolean {
  return value === true || /^(true|yes|1)$/i.test(String(value ?? '').trim());
}

/**
 * An id, or undefined. Field functions and dropdown triggers can see a mapped value before Zapier
 * renders it (`{{123__id}}`), which is no id yet and must not be sent anywhere.
 */
export function idOrUndefined(value: unknown): string | undefined {
  const id = text(value);
  return id && UUID_PATTERN.test(id) ? id : undefined;
}
