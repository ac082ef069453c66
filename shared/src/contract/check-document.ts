import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const checkerPackage = '@seriousme/openapi-schema-validator';

/**
 * Throws when `text` (the contents of `file`) is not a valid OpenAPI document, checked against
 * the official OpenAPI 3.x JSON Schemas by @seriousme/openapi-schema-validator, which also checks
 * that every `$ref` resolves. (openapi-backend's own check knows only OpenAPI 3.0 and rejects any
 * 3.1 document.) That library is ESM-only and asynchronous, so its CLI runs in a child process to
 * keep loading synchronous; a document that passed is remembered by content hash in the temp
 * directory, so the check costs about a second once per document version, not per test file.
 */
export function assertValidOpenApiDocument(file: string, text: string): void {
  const checkerVersion = (require(`${checkerPackage}/package.json`) as { version: string }).version;
  const digest = createHash('sha256').update(checkerVersion).update('\0').update(text).digest('hex');
  const passedMarker = path.join(os.tmpdir(), 'stablecog-contract-checks', digest);
  if (fs.existsSync(passedMarker)) return;

  const cli = require.resolve(`${checkerPackage}/bin/validate-api-cli.js`);
  try {
    execFileSync(process.execPath, [cli, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} is not a valid OpenAPI document:\n${describeFailure(stdout, stderr)}`);
  }
  fs.mkdirSync(path.dirname(passedMarker), { recursive: true });
  fs.writeFileSync(passedMarker, `${file}\n`);
}

/** The checker prints `{ valid, errors }` as JSON; keep the first few errors readable. */
function describeFailure(stdout = '', stderr = ''): string {
  try {
    const { errors } = JSON.parse(stdout) as { errors?: unknown };
    if (typeof errors === 'string') return errors;
    if (Array.isArray(errors)) {
      const lines = errors
        .slice(0, 10)
        .map((e: { instancePath?: string; message?: string; params?: unknown }) =>
          `  ${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params ?? {})}`,
        );
      if (errors.length > lines.length) lines.push(`  … and ${errors.length - lines.length} more`);
      return lines.join('\n');
    }
  } catch {
    // not JSON: the checker itself failed; show what it said
  }
  return `${stdout}${stderr}`.trim() || 'the checker failed without output';
}
