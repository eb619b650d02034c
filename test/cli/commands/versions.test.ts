import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { PINNED_VERSIONS, type PinnedVersion } from '../../../src/model/versions-catalog.ts';
import { cli } from '../../support/cli.ts';

describe('datalyptica versions', () => {
  it('prints every pin as JSON with its source, check date and newer upstream version', async () => {
    const result = await cli(['versions', '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const pins = JSON.parse(result.stdout) as PinnedVersion[];
    assert.equal(pins.length, PINNED_VERSIONS.length);
    const trino = pins.find((p) => p.kind === 'image' && p.name === 'docker.io/trinodb/trino');
    assert.ok(trino, 'the Trino image is listed');
    assert.match(trino.source, /^https:\/\/trino\.io\//);
    assert.match(trino.checked, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(trino.usedBy.includes('trino'));
    const strimziChannel = pins.find((p) => p.kind === 'olm-channel' && p.name === 'strimzi-kafka-operator');
    assert.equal(strimziChannel?.catalog, 'community-operators');
    assert.ok(
      pins.some(
        (p) =>
          p.kind === 'helm-chart' && p.repo === 'https://charts.jetstack.io' && p.name === 'cert-manager',
      ),
    );
  });

  it('prints only the pins behind upstream with --outdated', async () => {
    const result = await cli(['versions', '--outdated', '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const pins = JSON.parse(result.stdout) as PinnedVersion[];
    // Exactly the catalogue's entries with a newer upstream version (none at all when every pin is current).
    assert.deepEqual(pins, JSON.parse(JSON.stringify(PINNED_VERSIONS.filter((p) => p.latest !== undefined))));
    assert.ok(pins.every((p) => typeof p.latest === 'string' && p.latest !== p.version));
    const table = await cli(['versions', '--outdated']);
    assert.equal(table.code, 0, table.stderr);
    if (pins.length === 0) assert.equal(table.stdout, 'No pins (none behind the newest upstream versions checked).\n');
    else assert.match(table.stdout, new RegExp(`^${pins.length} pins, ${pins.length} behind upstream`, 'm'));
  });

  it('prints the same entries as YAML', async () => {
    const result = await cli(['versions', '-o', 'yaml']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parse(result.stdout), JSON.parse(JSON.stringify(PINNED_VERSIONS)));
  });

  it('prints a table within 120 columns by default, one row per pin', async () => {
    const result = await cli(['versions']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^KIND\s+NAME\s+VERSION\s+LATEST\s+CHECKED$/);
    assert.ok(
      lines.every((l) => l.length <= 120),
      'every line fits 120 columns',
    );
    assert.ok(lines.some((l) => /^image\s+docker\.io\/trinodb\/trino\s+\S+/.test(l)));
    assert.equal(
      lines.filter((l) => /^(component|image|helm-chart|manifest|olm-channel|olm-csv|maven)\s/.test(l))
        .length,
      PINNED_VERSIONS.length,
    );
  });

  it('rejects an unknown output format', async () => {
    const result = await cli(['versions', '-o', 'xml']);
    assert.equal(result.code, 1);
  });
});
