import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPONENTS } from '../../src/components/registry.ts';
import type { UserConfig } from '../../src/config/schema.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { PINNED_VERSIONS, pinKey, type PinnedVersion } from '../../src/model/versions-catalog.ts';
import { collectOperators } from '../../src/platform/derive/operators.ts';
import { imageInventory, qualify } from '../../src/platform/image-inventory.ts';
import { parseImage } from '../../src/platform/images.ts';
import { ALL_COMBINATIONS, platformFor } from '../support/platform.ts';

type Pin = Pick<PinnedVersion, 'kind' | 'name' | 'version' | 'repo'>;

/** Every option that swaps an image, an operator or a release line, on top of each profile × target × layout. */
const VARIANTS: readonly UserConfig[] = ALL_COMBINATIONS.flatMap((base) => [
  base,
  {
    ...base,
    components: {
      postgres: { operator: 'crunchy' },
      redis: { engine: 'valkey' },
      kafka: { strimzi: '0.50.1' },
    },
  } as UserConfig,
  { ...base, objectStorage: { mode: 'minio' } } as UserConfig,
]);

function imagePin(qualified: string): Pin {
  const { tag } = parseImage(qualified);
  const cut = tag.startsWith('@') ? tag.length : tag.length + 1;
  return { kind: 'image', name: qualified.slice(0, -cut), version: tag.replace(/^@/, '') };
}

/** Maven coordinates the render resolves at submit time (`deps.packages`, `spark.jars.packages`). */
function mavenPins(object: KubeObject): Pin[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'packages' && Array.isArray(child))
        found.push(...child.filter((c): c is string => typeof c === 'string'));
      else if (key === 'spark.jars.packages' && typeof child === 'string') found.push(...child.split(','));
      else if (typeof child === 'string' && child.includes('spark.jars.packages'))
        found.push(...(child.match(/spark\.jars\.packages[ =]+([^\s"']+)/)?.[1]?.split(',') ?? []));
      else walk(child);
    }
  };
  walk(object);
  return found.map((coordinate) => {
    const at = coordinate.lastIndexOf(':');
    return { kind: 'maven', name: coordinate.slice(0, at), version: coordinate.slice(at + 1) };
  });
}

/** Every pin the code uses in one configuration: images, operator sources and channels, Maven artifacts. */
function pinsIn(config: UserConfig): Map<string, Pin> {
  const platform = platformFor(config);
  const pins = new Map<string, Pin>();
  const add = (pin: Pin) => pins.set(pinKey(pin), pin);
  for (const image of imageInventory(platform.config).images) add(imagePin(image.source));
  for (const { object } of platform.objects) mavenPins(object).forEach(add);
  for (const { requirement } of collectOperators(platform.components)) {
    for (const image of requirement.images ?? []) add(imagePin(qualify(image)));
    add({ kind: 'olm-channel', name: requirement.olm.package, version: requirement.olm.channel });
    if (requirement.olm.startingCSV !== undefined)
      add({ kind: 'olm-csv', name: requirement.olm.package, version: requirement.olm.startingCSV });
    const installs = [requirement.kubernetes, ...(requirement.companions ?? []).map((c) => c.install)];
    for (const install of installs)
      add(
        install.type === 'helm'
          ? { kind: 'helm-chart', repo: install.repo, name: install.chart, version: install.version }
          : { kind: 'manifest', name: install.url, version: install.version },
      );
    for (const companion of requirement.companions ?? [])
      for (const image of companion.images ?? []) add(imagePin(qualify(image)));
  }
  return pins;
}

/** Every pin of every variant, computed once (about forty renders). */
const PINS_IN_CODE: ReadonlyMap<string, Pin> = new Map([
  ...COMPONENTS.map((c): [string, Pin] => {
    const pin: Pin = { kind: 'component', name: c.name, version: c.version };
    return [pinKey(pin), pin];
  }),
  ...VARIANTS.flatMap((variant) => [...pinsIn(variant)]),
]);
const CATALOGUE = new Map(PINNED_VERSIONS.map((pin) => [pinKey(pin), pin]));

function missingFromCatalogue(pins: ReadonlyMap<string, Pin>): string[] {
  return [...pins.keys()].filter((key) => !CATALOGUE.has(key));
}

describe('versions catalogue', () => {
  it('finds component releases, images, charts, manifests, OLM channels and Maven artifacts in the code', () => {
    const kinds = new Set([...PINS_IN_CODE.values()].map((p) => p.kind));
    assert.deepEqual([...kinds].sort(), [
      'component',
      'helm-chart',
      'image',
      'manifest',
      'maven',
      'olm-channel',
      'olm-csv',
    ]);
    assert.ok(PINS_IN_CODE.size >= 60, `${PINS_IN_CODE.size} pins found`);
  });

  it('lists every pin the code uses in any profile × target × layout × variant', () => {
    assert.deepEqual(
      missingFromCatalogue(PINS_IN_CODE),
      [],
      'add these to src/model/versions-catalog.ts (kind|repo|name|version)',
    );
  });

  it('lists no pin the code no longer uses, so a bump must update the catalogue', () => {
    const stale = [...CATALOGUE.keys()].filter((key) => !PINS_IN_CODE.has(key));
    assert.deepEqual(stale, [], 'remove or update these entries of src/model/versions-catalog.ts');
  });

  it('reports a pin the catalogue lacks (a bumped image tag)', () => {
    const bumped = pinsIn({ components: { trino: { image: 'docker.io/trinodb/trino:999' } } } as UserConfig);
    assert.deepEqual(missingFromCatalogue(bumped), [
      pinKey({ kind: 'image', name: 'docker.io/trinodb/trino', version: '999' }),
    ]);
  });

  it('gives every entry an https source, a check date, users and no duplicate', () => {
    assert.equal(CATALOGUE.size, PINNED_VERSIONS.length, 'no entry is listed twice');
    for (const pin of PINNED_VERSIONS) {
      assert.match(pin.source, /^https:\/\//, pinKey(pin));
      assert.match(pin.checked, /^\d{4}-\d{2}-\d{2}$/, pinKey(pin));
      assert.ok(pin.usedBy.length > 0, pinKey(pin));
      if (pin.latest !== undefined) assert.notEqual(pin.latest, pin.version, pinKey(pin));
    }
  });
});
