/**
 * The rules Zapier's remote integration checks enforce before an app can be published (most are not
 * in the offline `validate`), checked on the app definition as the platform serializes it.
 * Check ids refer to Zapier's integration-checks reference.
 */
import zapier from 'zapier-platform-core';
import { App } from './helpers';

type Field = { key: string; label?: string; type?: string; helpText?: string; dynamic?: string; choices?: unknown; required?: boolean };
type Action = {
  key: string;
  noun: string;
  display: { label?: string; description?: string; hidden?: boolean };
  operation: { type?: string; inputFields?: Array<Field | string>; outputFields?: Field[]; sample?: Record<string, unknown> };
};
type Definition = {
  authentication: { type: string; fields: Field[]; test: unknown; connectionLabel: unknown };
  triggers: Record<string, Action>;
  searches: Record<string, Action>;
  creates: Record<string, Action>;
};

/** The handler Zapier's runtime calls (`createAppHandler` is exported but missing from core's types). */
type AppHandler = (event: { command: string; bundle: object }) => Promise<{ results: unknown }>;
const handler = (zapier as unknown as { createAppHandler(app: object): AppHandler }).createAppHandler(App);
let definition: Definition;
beforeAll(async () => {
  process.env.NODE_ENV = 'test';
  definition = (await handler({ command: 'definition', bundle: {} })).results as Definition;
});

const actions = (kind?: 'triggers' | 'searches' | 'creates') =>
  (kind ? [kind] : (['triggers', 'searches', 'creates'] as const)).flatMap((k) =>
    Object.values(definition[k]).map((action) => ({ kind: k, action })),
  );
const visible = (kind?: 'triggers' | 'searches' | 'creates') => actions(kind).filter(({ action }) => !action.display.hidden);

/** Every input field an action can show: static ones, and dynamic ones with every toggle on. */
async function allInputFields(kind: string, key: string): Promise<Field[]> {
  const app = App as unknown as Record<string, Record<string, { operation: { inputFields?: unknown[] } }>>;
  const fields = app[kind]![key]!.operation.inputFields ?? [];
  const tester = zapier.createAppTester(App);
  const everything = { size: 'custom', show_advanced: 'true' };
  const out: Field[] = [];
  for (const field of fields) {
    if (typeof field === 'function') out.push(...((await tester(field as never, { inputData: everything })) as Field[]));
    else out.push(field as Field);
  }
  return out;
}

const SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'by', 'at', 'from', 'as']);
function isTitleCase(label: string): boolean {
  return label
    .split(/\s+/)
    .every((word, i) => !/^[a-z]/.test(word) || (i > 0 && SMALL_WORDS.has(word)));
}

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** The sample value of an output field key (`outputs[]id` is the `id` of the first line item). */
function sampleValue(sample: Record<string, unknown>, key: string): unknown {
  const [parent, child] = key.split('[]');
  if (child === undefined) return sample[key];
  const items = sample[parent!] as Array<Record<string, unknown>> | undefined;
  return items?.[0]?.[child];
}

function typeMatches(type: string | undefined, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'datetime':
      return typeof value === 'string' && ISO_DATE.test(value);
    case 'file':
    case 'string':
    case undefined:
      return typeof value === 'string';
    default:
      return false;
  }
}

describe('what Zapier’s integration checks require', () => {
  it('passes the platform’s own schema validation', async () => {
    const { results } = await handler({ command: 'validate', bundle: {} });
    expect(results).toEqual([]);
  });

  it('D012: every visible trigger, search and create has a sample', () => {
    for (const { action } of visible()) expect(action.operation.sample).toEqual(expect.any(Object));
  });

  it('D010: trigger samples have an id', () => {
    for (const { action } of visible('triggers')) expect(typeof action.operation.sample!.id).toBe('string');
  });

  it('D024: samples have every output field, with values of the declared type', () => {
    for (const { action } of visible()) {
      expect(action.operation.outputFields?.length).toBeGreaterThan(0);
      for (const field of action.operation.outputFields!) {
        const value = sampleValue(action.operation.sample!, field.key);
        expect({ action: action.key, field: field.key, ok: typeMatches(field.type, value) }).toEqual({
          action: action.key,
          field: field.key,
          ok: true,
        });
      }
    }
  });

  it('D023: dates in samples are ISO 8601', () => {
    for (const { action } of visible()) {
      for (const [key, value] of Object.entries(action.operation.sample!)) {
        if (key.endsWith('_at')) expect(value).toMatch(ISO_DATE);
      }
    }
  });

  it('D018: action, input and output labels are Title Case, and output fields have labels', async () => {
    for (const { kind, action } of visible()) {
      expect(isTitleCase(action.display.label!)).toBe(true);
      for (const field of await allInputFields(kind, action.key)) {
        expect({ field: field.key, label: field.label, titleCase: isTitleCase(field.label ?? '') }).toMatchObject({ titleCase: true });
      }
      for (const field of action.operation.outputFields!) {
        expect({ field: field.key, titleCase: isTitleCase(field.label ?? '') }).toEqual({ field: field.key, titleCase: true });
      }
    }
  });

  it('D021: trigger descriptions read "Triggers when …."; creates start with a verb in -s; searches with "Finds"', () => {
    for (const { action } of visible('triggers')) expect(action.display.description).toMatch(/^Triggers when .+\.$/);
    for (const { action } of visible('creates')) expect(action.display.description).toMatch(/^[A-Z][a-z]+s .+\.$/);
    for (const { action } of visible('searches')) expect(action.display.description).toMatch(/^Finds .+\.$/);
  });

  it('descriptions do not name the app, nouns are singular, labels are short', () => {
    for (const { action } of actions()) {
      expect(action.display.description).not.toMatch(/stablecog/i);
      expect(action.noun).not.toMatch(/s$/);
      expect(action.display.label!.length).toBeLessThanOrEqual(64);
    }
  });

  it('D004: fields taking an id are dropdowns', async () => {
    for (const { kind, action } of visible()) {
      for (const field of await allInputFields(kind, action.key)) {
        if (field.key.endsWith('_id')) expect({ field: field.key, dropdown: Boolean(field.dynamic || field.choices) }).toEqual({ field: field.key, dropdown: true });
      }
    }
  });

  it('D009/D022: searches have input fields, and creates have static ones', () => {
    for (const { action } of visible('searches')) expect(action.operation.inputFields!.length).toBeGreaterThan(0);
    for (const { action } of visible('creates')) {
      expect(action.operation.inputFields!.some((field) => typeof field === 'object')).toBe(true);
    }
  });

  it('D011: help texts add something to the label', async () => {
    for (const { kind, action } of visible()) {
      for (const field of await allInputFields(kind, action.key)) {
        expect(field.helpText?.length ?? 0).toBeGreaterThan(20);
        expect(field.helpText!.toLowerCase()).not.toBe(field.label!.toLowerCase());
      }
    }
  });

  it('D002/D007: the auth field says where keys are made, over HTTPS, and is masked', () => {
    const [field] = definition.authentication.fields;
    expect(field!.helpText).toMatch(/\[[^\]]+\]\(https:\/\/stablecog\.com\/account\/api-keys\)/);
    expect(field!.type).toBe('password');
    expect(JSON.stringify(definition)).not.toMatch(/http:\/\//);
  });

  it('D003: the connection label never shows the key', async () => {
    const token = `sc-${'f'.repeat(64)}`;
    const label = await zapier.createAppTester(App)(App.authentication.connectionLabel as never, {
      authData: { api_token: token },
      inputData: { total_remaining_credits: 12 },
    });
    expect(label).toBe('12 credits when connected');
    expect(String(label)).not.toContain(token.slice(0, 8));
  });
});
