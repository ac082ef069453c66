import * as path from 'node:path';

/** Absolute path of the corrected OpenAPI 3.1 document: the API as the server really behaves. */
export const contractPath = path.join(__dirname, '..', 'openapi', 'stablecog.openapi.yaml');
