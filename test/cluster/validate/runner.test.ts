import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGroups } from '../../../src/cluster/validate/collect.ts';
import { formatJson, formatJunit, formatText, xmlEscape } from '../../../src/cluster/validate/report.ts';
import { runLiveChecks, type CheckExecutor } from '../../../src/cluster/validate/runner.ts';
import { SecretRedactor } from '../../../src/cluster/validate/validate.ts';
import type { CheckGroup, LiveCheck } from '../../../src/model/live-check.ts';

function check(id: string, group: CheckGroup, extra: Partial<LiveCheck> = {}): LiveCheck {
  return { id, group, title: `check ${id}`, probe: { type: 'service-endpoints', namespace: 'ns', service: id }, ...extra };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });

describe('the live-check runner', () => {
  it('never runs more checks at once than the concurrency', async () => {
    let running = 0;
    let peak = 0;
    const execute: CheckExecutor = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(20);
      running -= 1;
      return 'ok';
    };
    const checks = Array.from({ length: 12 }, (_, i) => check(`c${i}`, 'services'));
    const report = await runLiveChecks(checks, { execute, concurrency: 3 });
    assert.equal(peak, 3);
    assert.equal(report.counts.passed, 12);
  });

  it('runs checks in parallel, not one after another', async () => {
    const started = Date.now();
    await runLiveChecks(Array.from({ length: 8 }, (_, i) => check(`c${i}`, 'services')), { execute: () => sleep(100).then(() => 'ok'), concurrency: 8 });
    assert.ok(Date.now() - started < 500, 'eight 100 ms checks take far less than 800 ms');
  });

  it('fails a check that exceeds its timeout and aborts its probe', async () => {
    let aborted = false;
    const report = await runLiveChecks([check('slow', 'data', { timeoutSeconds: 0.1 }), check('fast', 'data')], {
      execute: async (c, { signal }) => {
        if (c.id === 'fast') return 'ok';
        signal.addEventListener('abort', () => (aborted = true));
        await sleep(5000, signal).catch(() => undefined);
        return 'late';
      },
    });
    assert.equal(report.results[0]?.status, 'fail');
    assert.match(report.results[0]?.message ?? '', /timed out after 0.1 s/);
    assert.ok(aborted);
    assert.equal(report.results[1]?.status, 'pass');
    assert.equal(report.ok, false);
  });

  it('lets --timeout override each check\'s own budget', async () => {
    const report = await runLiveChecks([check('a', 'data', { timeoutSeconds: 60 })], { execute: () => sleep(300).then(() => 'ok'), timeoutSeconds: 0.05 });
    assert.equal(report.results[0]?.status, 'fail');
  });

  it('turns a failing optional check into a warning and keeps the run ok', async () => {
    const report = await runLiveChecks([check('opt', 'management', { severity: 'warn' }), check('req', 'management')], {
      execute: async (c) => {
        if (c.id === 'opt') throw new Error('not installed');
        return 'fine';
      },
    });
    assert.deepEqual(report.counts, { passed: 1, warnings: 1, failed: 0 });
    assert.equal(report.ok, true);
  });

  it('keeps results in check order whatever order they finish in', async () => {
    const report = await runLiveChecks([check('a', 'data'), check('b', 'data'), check('c', 'data')], {
      execute: (c) => sleep(c.id === 'a' ? 60 : c.id === 'b' ? 30 : 1).then(() => c.id),
    });
    assert.deepEqual(report.results.map((r) => r.message), ['a', 'b', 'c']);
  });

  it('redacts secret values from messages', async () => {
    const redactor = new SecretRedactor();
    redactor.remember('s3cr3t-password');
    const report = await runLiveChecks([check('a', 'connectivity')], {
      execute: async () => {
        throw new Error('login with s3cr3t-password refused');
      },
      redact: (t) => redactor.redact(t),
    });
    assert.equal(report.results[0]?.message, 'login with [redacted] refused');
  });
});

describe('validate output', () => {
  const report = {
    results: [
      { id: 'namespaces.a', group: 'namespaces' as const, title: 'datalyptica-system namespace exists', status: 'pass' as const, message: 'ok', durationMs: 5 },
      { id: 'grafana.health', group: 'management' as const, title: 'Grafana accessible <&>', status: 'warn' as const, message: 'optional "x"', durationMs: 7 },
      { id: 'pg.sql', group: 'connectivity' as const, title: 'PostgreSQL answers', status: 'fail' as const, message: 'password authentication failed\u0007 & <more>', durationMs: 12 },
    ],
    counts: { passed: 1, warnings: 1, failed: 1 },
    ok: false,
    durationMs: 30,
  };

  it('prints the seed\'s banner, grouped Testing lines and summary', () => {
    const text = formatText(report);
    assert.match(text, /^={40}\n {2}Datalyptica Deployment Validation\n={40}\n/);
    assert.match(text, /Namespace Validation \(1 test\)\nTesting: datalyptica-system namespace exists +PASS\n/);
    assert.match(text, /Testing: PostgreSQL answers +FAIL\n +password authentication failed/);
    assert.match(text, /Passed: {3}1 tests\nWarnings: 1 tests \(optional components\)\nFailed: {3}1 tests\n\n1 passed, 1 warnings, 1 failed\nValidation FAILED\n$/);
    assert.ok(text.indexOf('Namespace Validation') < text.indexOf('Management Layer') && text.indexOf('Management Layer') < text.indexOf('Connectivity'));
  });

  it('writes JSON with the counts and the groups', () => {
    const json = JSON.parse(formatJson(report)) as { ok: boolean; counts: unknown; groups: { group: string; results: unknown[] }[] };
    assert.equal(json.ok, false);
    assert.deepEqual(json.groups.map((g) => g.group), ['namespaces', 'management', 'connectivity']);
  });

  it('writes well-formed JUnit XML with one testsuite per group and a failure element per FAIL', () => {
    const xml = formatJunit(report);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="datalyptica validate" tests="3" failures="1"/);
    assert.equal(xml.match(/<testsuite /g)?.length, 3);
    assert.equal(xml.match(/<failure /g)?.length, 1);
    assert.match(xml, /name="Grafana accessible &lt;&amp;&gt;"/);
    assert.ok(!xml.includes(String.fromCharCode(7)), 'control characters are dropped');
    // Every element opened is closed, in order.
    const stack: string[] = [];
    for (const tag of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-z-]+)[^>]*?(\/?)>/g)) {
      if (tag[3] === '/') continue;
      if (tag[1] === '/') assert.equal(stack.pop(), tag[2]);
      else stack.push(tag[2]!);
    }
    assert.deepEqual(stack, []);
    assert.doesNotMatch(xml.replace(/&(amp|lt|gt|quot|apos);/g, ''), /&/);
  });

  it('escapes all five XML special characters', () => {
    assert.equal(xmlEscape(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

describe('--group', () => {
  it('accepts known groups, repeated or comma-separated', () => {
    assert.deepEqual(parseGroups(['storage,data', 'routes']), ['storage', 'data', 'routes']);
    assert.equal(parseGroups([]), undefined);
  });

  it('rejects an unknown group and lists the valid ones', () => {
    assert.throws(() => parseGroups(['storage', 'network']), /unknown check group: network/);
  });
});
