import type { ReachabilityRow } from '../check/network/matrix.ts';
import { OUTSIDE_CLUSTER } from '../check/network/model.ts';
import { table } from './io.ts';

/** How `flows -o table` shows the outside world once an egress rule opens ports to any peer. */
export const ANY_DESTINATION = 'any destination';

/** The heading of connections that come from outside the pod network (API server webhooks, the internet). */
const OUTSIDE_HEADING = '(outside the cluster)';

/** Terminal width `flows -o table` fits (`-o wide` has no limit). */
export const TABLE_WIDTH = 120;

/** The narrowest a shortened column gets, so a name keeps a readable start. */
const MIN_COLUMN = 12;

interface Flow {
  readonly from: string;
  readonly to: string;
  readonly ports: string;
  readonly status: string;
}

function namespaceOf(id: string): string | undefined {
  const slash = id.indexOf('/');
  const brace = id.indexOf('{');
  return slash > 0 && (brace < 0 || slash < brace) ? id.slice(0, slash) : undefined;
}

/** `ns/name{app.kubernetes.io/component=server}` → `name{component=server}` (label key prefixes dropped). */
function shortName(id: string, within: string | undefined): string {
  const ns = namespaceOf(id);
  const local = ns !== undefined && ns === within ? id.slice(ns.length + 1) : id;
  return local.replace(/([{,])[a-z0-9.-]+\//g, '$1');
}

function status(row: ReachabilityRow): string {
  if (row.declared && row.allowed) return 'allowed';
  return row.declared ? 'BLOCKED' : 'UNDECLARED';
}

/** `53/TCP, 53/UDP, 5353/TCP, 5353/UDP, 8080/TCP` → `53,5353/TCP+UDP 8080/TCP`; `*` is "any". */
function portList(rows: readonly ReachabilityRow[]): string {
  const byPort = new Map<string, Set<string>>();
  for (const r of rows) {
    const port = r.port === '*' ? 'any' : String(r.port);
    byPort.set(port, (byPort.get(port) ?? new Set()).add(r.protocol));
  }
  const byProtocols = new Map<string, string[]>();
  const ordered = [...byPort.entries()].sort(([a], [b]) => (a === 'any' ? 1 : b === 'any' ? -1 : Number(a) - Number(b)));
  for (const [port, protocols] of ordered) {
    const key = [...protocols].sort().join('+');
    byProtocols.set(key, [...(byProtocols.get(key) ?? []), port]);
  }
  return [...byProtocols.entries()].map(([protocols, ports]) => `${ports.join(',')}/${protocols}`).join(' ');
}

/**
 * Rows an egress rule with ports but no peer produces: the source may open those ports to any
 * address outside the platform, so the matrix lists every outside peer (cluster DNS on 443, the
 * image registry on 6443...). They fold into one "any destination" row per source; platform pods
 * reached that way stay listed, since their own ingress rules admit them.
 */
function foldAnyDestination(rows: readonly ReachabilityRow[], platformNamespaces: ReadonlySet<string>): ReachabilityRow[] {
  const open = new Map<string, ReachabilityRow>();
  for (const r of rows) if (r.to === OUTSIDE_CLUSTER && r.allowed) open.set(`${r.from} ${r.port}/${r.protocol}`, r);
  return rows.flatMap((r) => {
    if (r.to === OUTSIDE_CLUSTER) return [{ ...r, to: ANY_DESTINATION }];
    const ns = namespaceOf(r.to);
    const outside = ns === undefined || !platformNamespaces.has(ns);
    const wide = open.get(`${r.from} ${r.port}/${r.protocol}`);
    return outside && wide !== undefined && wide.declared === r.declared ? [] : [r];
  });
}

/** One line per source, destination and status, its ports merged. */
function mergePorts(rows: readonly ReachabilityRow[]): (Flow & { namespace: string })[] {
  const groups = new Map<string, ReachabilityRow[]>();
  for (const r of rows) {
    const key = `${r.from}\u0000${r.to}\u0000${status(r)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const outside = first.from === OUTSIDE_CLUSTER;
    const namespace = outside ? OUTSIDE_HEADING : (namespaceOf(first.from) ?? first.from);
    const anyPort = first.to === ANY_DESTINATION;
    return {
      namespace,
      from: outside ? 'any address' : shortName(first.from, namespace),
      to: anyPort ? `${ANY_DESTINATION} on port` : shortName(first.to, namespace),
      ports: portList(group),
      status: status(first),
    };
  });
}

/** `airflow{component=api-server}` → base `airflow`, selector `component`, value `api-server`. */
function splitName(name: string): { base: string; key?: string; value?: string } {
  const match = /^([^{]+)\{([^=,}]+)=([^,}]+)\}$/.exec(name);
  return match ? { base: match[1]!, key: match[2]!, value: match[3]! } : { base: name };
}

/**
 * Pods of one component that may reach exactly the same peers (Airflow's scheduler, workers,
 * triggerer...) share their lines: `airflow{component=migrate|scheduler|worker}`. Order is kept.
 */
function mergeSources(flows: readonly (Flow & { namespace: string })[]): (Flow & { namespace: string })[] {
  const bySource = new Map<string, (Flow & { namespace: string })[]>();
  for (const flow of flows) {
    const key = `${flow.namespace}\u0000${flow.from}`;
    bySource.set(key, [...(bySource.get(key) ?? []), flow]);
  }
  const signature = (group: readonly Flow[]) => group.map((f) => `${f.to} ${f.ports} ${f.status}`).join('\n');
  const merged = new Map<string, { names: string[]; group: (Flow & { namespace: string })[] }>();
  for (const group of bySource.values()) {
    const first = group[0]!;
    const { base, key } = splitName(first.from);
    const id = `${first.namespace}\u0000${base}\u0000${key ?? ''}\u0000${signature(group)}`;
    const entry = merged.get(id);
    if (entry && key !== undefined) entry.names.push(first.from);
    else merged.set(entry ? `${id}\u0000${first.from}` : id, { names: [first.from], group });
  }
  return [...merged.values()].flatMap(({ names, group }) => {
    if (names.length === 1) return group;
    const { base, key } = splitName(names[0]!);
    const from = `${base}{${key}=${names.map((n) => splitName(n).value).join('|')}}`;
    return group.map((f) => ({ ...f, from }));
  });
}

/** Column widths that fit `limit`: the widest shrinkable column gives way first. */
function fitWidths(widths: number[], shrinkable: readonly number[], limit: number): number[] {
  const out = [...widths];
  const total = () => out.reduce((sum, w) => sum + w, 0) + 2 * (out.length - 1);
  while (total() > limit) {
    const widest = shrinkable.reduce((best, i) => (out[i]! > out[best]! ? i : best), shrinkable[0]!);
    if (out[widest]! <= MIN_COLUMN) break;
    out[widest] = out[widest]! - 1;
  }
  return out;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * `flows -o table`: grouped by the source's namespace, names without the namespace they share
 * and without label key prefixes, ports merged per pair, pods of a component with the same peers
 * on one set of lines, "any destination on port …" for egress
 * open to any peer, every line at most `width` columns (long names end in "…"; `-o wide` shows them whole).
 */
export function flowsTable(rows: readonly ReachabilityRow[], platformNamespaces: readonly string[], width = TABLE_WIDTH): string {
  const flows = mergeSources(mergePorts(foldAnyDestination(rows, new Set(platformNamespaces))));
  if (flows.length === 0) return '';
  const indent = '  ';
  const header = ['FROM', 'TO', 'PORTS', 'STATUS'];
  const cells = flows.map((f) => [f.from, f.to, f.ports, f.status]);
  const natural = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const widths = fitWidths(natural, [0, 1, 2], width - indent.length);
  const format = (row: readonly string[]): string =>
    indent +
    row
      .map((cell, i) => clip(cell, widths[i]!).padEnd(i === row.length - 1 ? 0 : widths[i]!))
      .join('  ')
      .trimEnd();
  const lines = [format(header)];
  let namespace: string | undefined;
  let from: string | undefined;
  for (const [i, flow] of flows.entries()) {
    if (flow.namespace !== namespace) {
      namespace = flow.namespace;
      from = undefined;
      lines.push(clip(namespace, width));
    }
    // A source's first line names it; its further lines leave the cell blank, as a grouped listing does.
    // A name too long for its column gets a line of its own rather than losing its end.
    const row = cells[i]!;
    if (flow.from !== from && flow.from.length > widths[0]!) lines.push(clip(`${indent}${flow.from}`, width));
    lines.push(format(flow.from === from || flow.from.length > widths[0]! ? ['', ...row.slice(1)] : row));
    from = flow.from;
  }
  return `${lines.join('\n')}\n`;
}

/** `flows -o wide`: one row per port with full names, both verdicts and the declarations' reasons. */
export function flowsWideTable(rows: readonly ReachabilityRow[]): string {
  return table([
    ['FROM', 'TO', 'PORT', 'DECLARED', 'ALLOWED', 'REASONS'],
    ...rows.map((r) => [r.from, r.to, `${r.port}/${r.protocol}`, r.declared ? 'yes' : 'no', r.allowed ? 'yes' : 'no', r.reasons.join('; ')]),
  ]);
}
