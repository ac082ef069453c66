import type { Emulator } from '@stablecog/emulator';

/** What every demo step gets: a running emulator, a funded account's token, the output folder. */
export interface DemoContext {
  apiUrl: string;
  token: string;
  outDir: string;
  emulator: Emulator;
}
