/** Every benchmark of `npm run bench`, in the order they run and appear in BENCHMARKS.md. */
import type { Benchmark } from './benchmark';
import client from './client';
import emulator from './emulator';

export const benchmarks: Benchmark<any>[] = [client, emulator];
