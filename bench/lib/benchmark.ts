/**
 * What every benchmark of `npm run bench` provides: how to run it (in a fresh child process, so
 * one benchmark's memory and warm caches never reach the next) and how to report its figures.
 */
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };

/** How the whole run was asked for. */
export interface RunOptions {
  /** A reduced run (fewer iterations, smaller batches): for trying the command, not for the record. */
  quick: boolean;
}

/** A Markdown table: header cells and rows of already formatted cells. */
export interface Table {
  head: string[];
  rows: string[][];
}

/** One section of BENCHMARKS.md. */
export interface Report {
  /** What exactly is measured, and how (a paragraph of Markdown). */
  method: string;
  tables: Table[];
  /** The ratio or target verdict, one line per claim. */
  verdict: string[];
  /** A Vega-Lite chart of the main figures; drawn to `<name>.svg` next to the report's charts. */
  chart: TopLevelSpec;
}

/** A benchmark: `run` executes in its own child process and returns plain JSON figures. */
export interface Benchmark<Figures = unknown> {
  /** Short key, used by `--only` and as the chart's file name. */
  name: string;
  title: string;
  run(options: RunOptions): Promise<Figures>;
  report(figures: Figures): Report;
}

/** Declares a benchmark with its figures' type checked between `run` and `report`. */
export function benchmark<Figures>(definition: Benchmark<Figures>): Benchmark<Figures> {
  return definition;
}
