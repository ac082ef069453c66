/**
 * Charts for BENCHMARKS.md: Vega-Lite specs, compiled and rendered to SVG headlessly by Vega
 * (no canvas, no browser). Both packages are ESM-only, hence the dynamic imports.
 */
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };

/** One bar: which group it belongs to (an axis label), which series (a colour), its value. */
export interface Bar {
  group: string;
  series: string;
  value: number;
}

/** The look every chart shares. */
const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', labelLimit: 320 },
  title: { fontSize: 13, anchor: 'start', offset: 10 },
  range: { category: ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2'] },
} as const;

/**
 * Horizontal grouped bars, one row per group, one bar per series, each labelled with its value:
 * the shape of every "ours against the baseline" comparison in the report.
 */
export function groupedBars(options: {
  title: string;
  /** The value axis title, with its unit. */
  axis: string;
  bars: Bar[];
  /** Digits after the point in the labels. */
  digits?: number;
  /** Extra layers drawn over the bars (a limit line, say). */
  layers?: object[];
}): TopLevelSpec {
  const { title, axis, bars, digits = 1, layers = [] } = options;
  const series = [...new Set(bars.map((bar) => bar.series))];
  // Bars side by side within a group only when a group has several; otherwise one bar per row.
  const grouped = new Set(bars.map((bar) => bar.group)).size < bars.length;
  const yOffset = grouped ? { yOffset: { field: 'series', sort: series } } : {};
  const y = { field: 'group', type: 'nominal', title: null, sort: null, axis: { labelLimit: 320 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 520,
    data: { values: bars },
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.8 } },
        encoding: {
          x: { field: 'value', type: 'quantitative', title: axis },
          ...yOffset,
          color: { field: 'series', type: 'nominal', title: null, sort: series, ...(series.length > 1 ? {} : { legend: null }) },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
        encoding: {
          x: { field: 'value', type: 'quantitative' },
          ...yOffset,
          text: { field: 'value', type: 'quantitative', format: `,.${digits}f` },
        },
      },
      ...layers,
    ],
  } as TopLevelSpec;
}

/**
 * A vertical rule at `value` on the x axis, labelled above the plot: a target or a limit. Two rules
 * close together put their labels on opposite sides (`side`) of their lines.
 */
export function limitRule(value: number, label: string, side: 'left' | 'right' = 'right'): object {
  return {
    data: { values: [{ value, label }] },
    encoding: { y: null },
    layer: [
      { mark: { type: 'rule', color: '#e45756', strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'value', type: 'quantitative' } } },
      {
        mark: { type: 'text', color: '#e45756', align: side === 'right' ? 'left' : 'right', baseline: 'bottom', dx: side === 'right' ? -2 : 2, y: -3, fontSize: 10 },
        encoding: { x: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  };
}

/** Renders a Vega-Lite spec to an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile({ config: CONFIG, ...spec } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
