import type { Panel, PanelUnit, Query } from './model.ts';

/** A PromQL query. */
export function prom(expr: string, legend?: string): Query {
  return legend === undefined ? { language: 'promql', expr } : { language: 'promql', expr, legend };
}

/** A LogQL query. */
export function logql(expr: string, legend?: string): Query {
  return legend === undefined ? { language: 'logql', expr } : { language: 'logql', expr, legend };
}

/** A time series panel. */
export function timeseries(title: string, unit: PanelUnit, queries: readonly Query[], extra: Partial<Panel> = {}): Panel {
  return { title, type: 'timeseries', unit, queries, ...extra };
}

/** A single-value panel, 6 columns wide, with optional thresholds. */
export function stat(title: string, unit: PanelUnit, query: Query, extra: Partial<Panel> = {}): Panel {
  return { title, type: 'stat', unit, queries: [query], width: 6, height: 5, ...extra };
}

/** A log lines panel, full width. */
export function logs(title: string, query: Query): Panel {
  return { title, type: 'logs', queries: [query], width: 24, height: 12 };
}
