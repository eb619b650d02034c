import { parser } from '@prometheus-io/lezer-promql';

/** What a PromQL expression names, and where it does not parse. */
export interface ParsedPromql {
  /** One entry per syntax error: the offset and the text around it. */
  readonly errors: readonly string[];
  /** Metric names of every vector selector, sorted, without duplicates. */
  readonly metrics: readonly string[];
  /** Selectors that name their metric through a `__name__` matcher (cannot be checked against a list). */
  readonly nameMatchers: number;
}

/**
 * Parses an expression with Prometheus's own Lezer grammar (the one its web UI uses). The parser
 * is error-tolerant: it always returns a tree, and marks what it could not parse with error nodes,
 * so an expression is valid when its tree has none.
 * @see https://github.com/prometheus/prometheus/tree/main/web/ui/module/lezer-promql
 */
export function parsePromql(expr: string): ParsedPromql {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const metrics = new Set<string>();
  let nameMatchers = 0;
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`offset ${node.from}: near "${expr.slice(Math.max(0, node.from - 10), node.to + 10)}"`);
        return;
      }
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') metrics.add(expr.slice(node.from, node.to));
      if (node.name === 'LabelName' && expr.slice(node.from, node.to) === '__name__') nameMatchers += 1;
    },
  });
  if (expr.trim() === '') errors.push('empty expression');
  return { errors, metrics: [...metrics].sort(), nameMatchers };
}

/** Whether `metric` is in a list of names and `prefix*` patterns. */
export function metricAllowed(metric: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => (entry.endsWith('*') ? metric.startsWith(entry.slice(0, -1)) : metric === entry));
}

/** Problems of one expression against the metrics it may name: syntax errors first, then unknown names. */
export function promqlProblems(expr: string, allowed: readonly string[]): { syntax: string[]; unknown: string[] } {
  const parsed = parsePromql(expr);
  const unknown = parsed.metrics.filter((metric) => !metricAllowed(metric, allowed));
  if (parsed.nameMatchers > 0) unknown.push('{__name__=...} (name the metric directly so it can be checked)');
  return { syntax: [...parsed.errors], unknown };
}
