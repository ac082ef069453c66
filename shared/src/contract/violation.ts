import type { ErrorObject } from 'ajv';

/** Thrown when a response (or request) does not match the contract; `problems` lists each mismatch. */
export class ContractViolationError extends Error {
  constructor(
    /** What was checked, e.g. `GET /v1/credits -> 200 (getCredits)`. */
    readonly where: string,
    /** One readable line per mismatch, e.g. `body.outputs[0].image_url: must be string`. */
    readonly problems: string[],
  ) {
    super(`${where} does not match the Stablecog contract:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContractViolationError';
  }
}

const maxProblems = 12;

/** Ajv errors as readable lines; `/outputs/0/id` under `body` becomes `body.outputs[0].id`. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  const lines = [...new Set((errors ?? []).map((error) => `${readablePath(root, error.instancePath)}: ${explain(error)}`))];
  return lines.length > maxProblems
    ? [...lines.slice(0, maxProblems), `… and ${lines.length - maxProblems} more`]
    : lines;
}

function readablePath(root: string, pointer: string): string {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const [head, rest] = root ? [root, segments] : nameWrapper(segments);
  return rest.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : `${acc}.${s}`), head);
}

/** openapi-backend validates requests and headers wrapped as `{ requestBody, query, path, headers }`; name those parts plainly. */
function nameWrapper(segments: string[]): [string, string[]] {
  const [part, name, ...rest] = segments;
  const kinds: Record<string, string> = { query: 'query parameter', path: 'path parameter', header: 'header', headers: 'header' };
  if (part === 'requestBody') return ['body', segments.slice(1)];
  if (kinds[part] && name !== undefined) return [`${kinds[part]} ${name}`, rest];
  if (kinds[part]) return [part, []];
  return ['value', segments];
}

function explain(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `${error.message} (${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
    case 'const':
      return `${error.message} (${JSON.stringify(params.allowedValue)})`;
    case 'additionalProperties':
      return `${error.message} (${String(params.additionalProperty)})`;
    default:
      return error.message ?? error.keyword;
  }
}
