import * as path from 'node:path';

/** Absolute path of the corrected OpenAPI 3.1 document: the API as the server really behaves. */
export const contractPath = path.join(__dirname, '..', 'openapi', 'stablecog.openapi.yaml');

/** Folder of the sample API bodies (`<name>.json`) that the contract tests prove real-shaped. */
export const fixturesDir = path.join(__dirname, '..', 'fixtures');
