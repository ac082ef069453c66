/** Every benchmark of `npm run bench`, in the order they run and appear in BENCHMARKS.md. */
import activepieces from './activepieces';
import type { Benchmark } from './benchmark';
import client from './client';
import emulator from './emulator';
import n8nBatch from './n8n-batch';
import n8nMemory from './n8n-memory';
import n8nPackage from './n8n-package';
import zapier from './zapier';

export const benchmarks: Benchmark<any>[] = [client, emulator, n8nBatch, n8nMemory, n8nPackage, zapier, activepieces];
