import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReachabilityRow } from '../../src/check/network/matrix.ts';
import { flowsTable } from '../../src/cli/flows-table.ts';

function row(from: string, to: string, port: number, extra: Partial<ReachabilityRow> = {}): ReachabilityRow {
  return { from, to, port, protocol: 'TCP', declared: true, allowed: true, reasons: [], ...extra };
}

const NAMESPACES = ['lake-analytics', 'lake-catalog'];

describe('the flows table', () => {
  it('merges the pods of a component that reach the same peers, and gives a long name a line of its own', () => {
    const rows = ['scheduler', 'worker', 'triggerer'].flatMap((c) => [row(`lake-analytics/airflow{app.kubernetes.io/component=${c}}`, 'lake-catalog/postgres', 5432)]);
    const text = flowsTable(rows, NAMESPACES, 60);
    const lines = text.trimEnd().split('\n');
    assert.ok(lines.includes('  airflow{component=scheduler|worker|triggerer}'), text);
    assert.equal(lines.filter((l) => l.includes('5432/TCP')).length, 1, text);
    assert.ok(lines.every((l) => l.length <= 60), text);
  });

  it('folds an open egress rule into "any destination on port" and keeps platform pods it reaches', () => {
    const rows = [
      row('lake-catalog/nessie', 'outside-cluster', 443),
      row('lake-catalog/nessie', 'openshift-dns/cluster-dns', 443),
      row('lake-catalog/nessie', 'openshift-dns/cluster-dns', 53, { protocol: 'UDP' }),
      row('lake-catalog/nessie', 'lake-analytics/mlflow', 443),
    ];
    const text = flowsTable(rows, NAMESPACES);
    assert.match(text, /any destination on port\s+443\/TCP\s+allowed/);
    assert.match(text, /openshift-dns\/cluster-dns\s+53\/UDP\s+allowed/);
    assert.doesNotMatch(text, /cluster-dns\s+443/);
    assert.match(text, /lake-analytics\/mlflow\s+443\/TCP/);
  });

  it('marks blocked and undeclared connections', () => {
    const text = flowsTable([row('lake-catalog/nessie', 'lake-catalog/postgres', 5432, { allowed: false }), row('lake-catalog/nessie', 'lake-catalog/redis', 6379, { declared: false })], NAMESPACES);
    assert.match(text, /postgres\s+5432\/TCP\s+BLOCKED/);
    assert.match(text, /redis\s+6379\/TCP\s+UNDECLARED/);
  });
});
