import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from './paths';

/** A sample API body from `shared/fixtures/<name>.json`, parsed afresh on every call (callers may mutate it). */
export function loadFixture<T = unknown>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, `${name}.json`), 'utf8')) as T;
}
