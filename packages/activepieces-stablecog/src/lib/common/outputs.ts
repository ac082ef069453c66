/** Reading the output history with a step's Runtime. */
import { execute, operations, type ListOutputsPage, type Runtime } from '@stablecog/client';

/** One page of the outputs list, for the core's paging helpers (`iterateOutputs`, `findOutputs`, `findNewOutputs`). */
export function pageReader(runtime: Runtime): ListOutputsPage {
  return async (query) => await execute(operations.listOutputs, query, runtime);
}
