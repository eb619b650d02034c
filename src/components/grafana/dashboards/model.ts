/**
 * Typed building blocks of a Grafana dashboard: a dashboard is rows of panels, a panel shows one
 * or more queries. `dashboardJson` turns them into the dashboard JSON model the Grafana Operator
 * uploads, so no dashboard is a pasted JSON blob and every query stays reachable for `check`
 * (`dashboardQueries`).
 * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */

/** Which datasource a query runs on: PromQL on the metrics datasource, LogQL on Loki. */
export type QueryLanguage = 'promql' | 'logql';

/** One query of a panel. */
export interface Query {
  readonly language: QueryLanguage;
  /** The PromQL or LogQL expression. */
  readonly expr: string;
  /** Series name template (`{{namespace}}`). */
  readonly legend?: string;
}

/** Grafana panel types the dashboards use. */
export type PanelType = 'timeseries' | 'stat' | 'gauge' | 'table' | 'logs';

/** Units from Grafana's unit catalogue (`fieldConfig.defaults.unit`). */
export type PanelUnit = 'short' | 'percent' | 'percentunit' | 'bytes' | 'Bps' | 'reqps' | 's' | 'ms' | 'dateTimeFromNow' | 'ops';

export interface Panel {
  readonly title: string;
  readonly type: PanelType;
  readonly queries: readonly Query[];
  readonly unit?: PanelUnit;
  readonly description?: string;
  /** Width in grid columns (of 24). @default 12 */
  readonly width?: number;
  /** Height in grid rows. @default 8 */
  readonly height?: number;
  /** Thresholds for stat and gauge panels: the value from which each colour applies. */
  readonly thresholds?: readonly { readonly value: number; readonly color: 'green' | 'yellow' | 'orange' | 'red' }[];
}

export interface Row {
  readonly title: string;
  readonly panels: readonly Panel[];
}

export interface Dashboard {
  /** Stable dashboard uid, also the GrafanaDashboard name suffix (`dl-kafka`). */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly rows: readonly Row[];
  /** @default 'now-6h' */
  readonly from?: string;
}

/** A query with where it sits, for checks (the PromQL parser and the metric list). */
export interface LocatedQuery extends Query {
  readonly dashboard: string;
  readonly panel: string;
}

/** Datasource uids the dashboards reference; the GrafanaDatasources carry the same uids. */
export const DATASOURCE_UIDS: Readonly<Record<QueryLanguage, string>> = { promql: 'datalyptica-metrics', logql: 'datalyptica-logs' };

const GRID_WIDTH = 24;

function datasourceRef(language: QueryLanguage): Record<string, string> {
  return { type: language === 'promql' ? 'prometheus' : 'loki', uid: DATASOURCE_UIDS[language] };
}

function panelJson(panel: Panel, id: number, position: { x: number; y: number }): Record<string, unknown> {
  const language = panel.queries[0]?.language ?? 'promql';
  const thresholds = panel.thresholds ?? [];
  return {
    id,
    type: panel.type,
    title: panel.title,
    ...(panel.description ? { description: panel.description } : {}),
    datasource: datasourceRef(language),
    gridPos: { x: position.x, y: position.y, w: panel.width ?? 12, h: panel.height ?? 8 },
    targets: panel.queries.map((query, index) => ({
      refId: String.fromCharCode(65 + index),
      datasource: datasourceRef(query.language),
      expr: query.expr,
      ...(query.legend ? { legendFormat: query.legend } : {}),
    })),
    fieldConfig: {
      defaults: {
        unit: panel.unit ?? 'short',
        ...(thresholds.length > 0
          ? { thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, ...thresholds.map((t) => ({ color: t.color, value: t.value }))] } }
          : {}),
      },
      overrides: [],
    },
    options: panel.type === 'logs' ? { showTime: true, wrapLogMessage: true, sortOrder: 'Descending' } : {},
  };
}

/**
 * The dashboard JSON model: each row a collapsible row panel, its panels laid out left to right
 * and wrapped at 24 columns. Ids and positions follow from the order, so the output is stable.
 */
export function dashboardJson(dashboard: Dashboard): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of dashboard.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { x: 0, y, w: GRID_WIDTH, h: 1 }, panels: [] });
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const panel of row.panels) {
      const width = panel.width ?? 12;
      if (x + width > GRID_WIDTH) {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      panels.push(panelJson(panel, id++, { x, y }));
      x += width;
      rowHeight = Math.max(rowHeight, panel.height ?? 8);
    }
    y += rowHeight;
  }
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    description: dashboard.description,
    tags: ['datalyptica', ...dashboard.tags],
    editable: false,
    schemaVersion: 39,
    timezone: 'browser',
    refresh: '1m',
    time: { from: dashboard.from ?? 'now-6h', to: 'now' },
    templating: { list: [] },
    annotations: { list: [] },
    panels,
  };
}

/** Every query of the dashboards, with its dashboard and panel. */
export function dashboardQueries(dashboards: readonly Dashboard[]): LocatedQuery[] {
  return dashboards.flatMap((dashboard) =>
    dashboard.rows.flatMap((row) => row.panels.flatMap((panel) => panel.queries.map((query) => ({ ...query, dashboard: dashboard.uid, panel: panel.title })))),
  );
}
