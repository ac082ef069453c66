/**
 * A front end's own settings (those that are no API field: a limit, a timeout, a choice of the
 * form) checked with the core's form schemas: numbers and booleans may arrive as text, empty text
 * and null mean "not set". A refusal is data: what is wrong and what was expected, which the front
 * end words with the setting's own label.
 */
import { z } from 'zod';
import { formBoolean, formNumber, formString } from '../fields';

/** What a setting must hold, as its form describes it. */
export type FormRule =
  | { type: 'number'; min?: number; max?: number; /** Whole numbers only. */ whole?: boolean }
  | { type: 'text'; /** Shown in the message, e.g. "e.g. data". */ example?: string }
  | { type: 'boolean' }
  | { type: 'option'; values: readonly string[] };

/** A setting's value (undefined when not set), or why it was refused. */
export type FormReading =
  | { ok: true; value: number | string | boolean | undefined }
  | { ok: false; /** "is empty", "must be a whole number from 1 to 4 (got 5)". */ problem: string; expected: string };

/** "a whole number from 30 to 3600", "true or false", "one of desc, asc". */
export function expectedValue(rule: FormRule): string {
  switch (rule.type) {
    case 'number': {
      const { min, max } = rule;
      const range =
        min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : max !== undefined ? ` of at most ${max}` : '';
      return `${rule.whole ? 'a whole number' : 'a number'}${range}`;
    }
    case 'text':
      return rule.example ? `text, ${rule.example}` : 'text';
    case 'boolean':
      return 'true or false';
    case 'option':
      return `one of ${rule.values.join(', ')}`;
  }
}

/** The core's form schema for `rule`. */
function schemaFor(rule: FormRule): z.ZodType<number | string | boolean | undefined, unknown> {
  switch (rule.type) {
    case 'number': {
      let number = z.number();
      if (rule.whole) number = number.int();
      if (rule.min !== undefined) number = number.min(rule.min);
      if (rule.max !== undefined) number = number.max(rule.max);
      return formNumber(number);
    }
    case 'text':
      return formString(z.string());
    case 'boolean':
      return formBoolean();
    case 'option':
      return formString(z.string().refine((value) => rule.values.includes(value)));
  }
}

/** Reads `value` as `rule` says; an absent value is refused only when `required`. */
export function readFormValue(value: unknown, rule: FormRule, required = false): FormReading {
  const expected = expectedValue(rule);
  const parsed = schemaFor(rule).safeParse(value);
  if (!parsed.success) return { ok: false, problem: `must be ${expected} (got ${describeValue(value)})`, expected };
  if (parsed.data === undefined && required) return { ok: false, problem: 'is empty', expected };
  return { ok: true, value: parsed.data };
}

/** A value for a message: short, and never "[object Object]". */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const text = value.trim();
    return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  }
  if (typeof value === 'bigint') return `the BigInt ${value}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}
