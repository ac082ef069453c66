import * as fs from 'node:fs';
import * as path from 'node:path';

/** The monorepo's root folder (this kit lives in tools/testkit). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * The repo's ignored scratch folder (`.cache/`, in .gitignore and in jest's ignore patterns):
 * what a tool writes inside the checkout goes here, never next to a package.
 */
export const scratchRoot = path.join(repoRoot, '.cache');

/** A new, empty folder under `.cache/<purpose>/`, unique to this call (parallel runs never share one). */
export function scratchDir(purpose: string): string {
  const parent = path.join(scratchRoot, purpose);
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, `${process.pid}-`));
}
