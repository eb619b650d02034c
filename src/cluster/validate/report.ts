import type { CheckGroup } from '../../model/live-check.ts';
import { groupResults, type CheckResult, type CheckStatus, type ValidationReport } from './runner.ts';

/** Section titles of seed 002's validate-deployment script. */
export const GROUP_TITLES: Record<CheckGroup, string> = {
  namespaces: 'Namespace Validation',
  operators: 'Operator Validation',
  storage: 'Storage Layer',
  control: 'Control Layer',
  data: 'Data Layer',
  management: 'Management Layer',
  services: 'Services',
  routes: 'Routes/Ingress',
  connectivity: 'Connectivity',
  iam: 'Identity and Access',
  monitoring: 'Monitoring',
};

const BANNER = '========================================';
const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };
const MARK: Record<CheckStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌' };

export interface TextOptions {
  /** Marks (✅ ⚠️ ❌) and colour, for a terminal. */
  readonly decorate?: (status: CheckStatus, text: string) => string;
  /** Show what passing checks saw, not only why others failed. */
  readonly verbose?: boolean;
}

/** The first line of one result: `Testing: <title> ... PASS`, padded like the seed's script. */
export function resultLine(result: CheckResult, options: TextOptions = {}): string {
  const label = options.decorate ? options.decorate(result.status, `${MARK[result.status]} ${LABEL[result.status]}`) : LABEL[result.status];
  return `Testing: ${result.title.padEnd(60)} ${label}`;
}

/**
 * The seed's output (R-VAL-11): a banner, one `Testing:` line per check grouped under the
 * nine group titles, the reason under each WARN/FAIL, then the summary with the three counts.
 */
export function formatText(report: ValidationReport, options: TextOptions = {}): string {
  const lines: string[] = [BANNER, '  Datalyptica Deployment Validation', BANNER, ''];
  for (const { group, results } of groupResults(report.results)) {
    lines.push(`${GROUP_TITLES[group]} (${results.length} ${results.length === 1 ? 'test' : 'tests'})`);
    for (const result of results) {
      lines.push(resultLine(result, options));
      if (result.status !== 'pass' || options.verbose) lines.push(`         ${result.message}`);
    }
    lines.push('');
  }
  const { passed, warnings, failed } = report.counts;
  lines.push(BANNER, '  Validation Summary', BANNER, '');
  lines.push(`Passed:   ${passed} tests`, `Warnings: ${warnings} tests (optional components)`, `Failed:   ${failed} tests`, '');
  lines.push(`${passed} passed, ${warnings} warnings, ${failed} failed`);
  const verdict = report.ok ? 'Validation PASSED!' : 'Validation FAILED';
  lines.push(options.decorate ? options.decorate(report.ok ? 'pass' : 'fail', `${report.ok ? '✅' : '❌'} ${verdict}`) : verdict);
  return `${lines.join('\n')}\n`;
}

/** `-o json`: the whole report, stable field order. */
export function formatJson(report: ValidationReport): string {
  const groups = groupResults(report.results).map(({ group, results }) => ({
    group,
    title: GROUP_TITLES[group],
    results: results.map((r) => ({ id: r.id, title: r.title, status: r.status, message: r.message, durationMs: r.durationMs })),
  }));
  return `${JSON.stringify({ ok: report.ok, counts: report.counts, durationMs: report.durationMs, groups }, null, 2)}\n`;
}

/** Text safe inside XML attributes and elements (XML 1.0 forbids most control characters). */
export function xmlEscape(text: string): string {
  const allowed = (c: number) => c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
  return [...text]
    .filter((ch) => allowed(ch.codePointAt(0) ?? 0))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * JUnit XML (`--junit FILE`): one `<testsuite>` per group, one `<testcase>` per check. A FAIL
 * is a `<failure>`; a WARN passes with its reason in `<system-out>` (JUnit has no warning state).
 * @see https://github.com/testmoapp/junitxml
 */
export function formatJunit(report: ValidationReport): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = report.results.length;
  out.push(`<testsuites name="datalyptica validate" tests="${total}" failures="${report.counts.failed}" errors="0" skipped="0" time="${seconds(report.durationMs)}">`);
  for (const { group, results } of groupResults(report.results)) {
    const failures = results.filter((r) => r.status === 'fail').length;
    const time = results.reduce((sum, r) => sum + r.durationMs, 0);
    out.push(`  <testsuite name="${xmlEscape(group)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(time)}">`);
    out.push(`    <properties><property name="title" value="${xmlEscape(GROUP_TITLES[group])}"/></properties>`);
    for (const r of results) {
      const open = `    <testcase classname="datalyptica.validate.${xmlEscape(group)}" name="${xmlEscape(r.title)}" time="${seconds(r.durationMs)}"`;
      if (r.status === 'fail') {
        out.push(`${open}>`, `      <failure message="${xmlEscape(r.message)}" type="${xmlEscape(r.id)}">${xmlEscape(r.message)}</failure>`, '    </testcase>');
      } else if (r.status === 'warn') {
        out.push(`${open}>`, `      <system-out>WARN ${xmlEscape(r.id)}: ${xmlEscape(r.message)}</system-out>`, '    </testcase>');
      } else {
        out.push(`${open}/>`);
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
