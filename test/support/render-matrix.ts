import type { UserConfig } from '../../src/config/schema.ts';

/** One named config of the render matrix. */
export interface MatrixEntry {
  readonly label: string;
  readonly config: UserConfig;
}

const PROFILES = ['dev', 'small', 'production'] as const;
const TARGETS = ['openshift', 'kubernetes'] as const;
const LAYOUTS = ['functional', 'layered'] as const;

/** Settings that change which objects are rendered, each applied on top of every profile × target. */
const VARIANTS: Readonly<Record<string, UserConfig>> = {
  'postgres-crunchy': { components: { postgres: { operator: 'crunchy' } } },
  'storage-minio': { objectStorage: { mode: 'minio' } },
  'storage-odf': { objectStorage: { mode: 'odf' } },
  'secrets-sealed': { secrets: { mode: 'sealed-secrets' } },
  'secrets-external': { secrets: { mode: 'external-secrets', store: 'vault' } },
  zones: { zones: ['zone-a', 'zone-b', 'zone-c'] },
  'kafka-dual-strimzi-050': { components: { kafka: { roles: 'dual-role', strimzi: '0.50.1' } } },
};

/**
 * Every profile × target × layout, plus every variant on every profile × target (functional
 * layout): the configs whose renders must stay byte-identical across refactors and whose kinds
 * the catalogue must cover.
 */
export const RENDER_MATRIX: readonly MatrixEntry[] = [
  ...PROFILES.flatMap((profile) =>
    TARGETS.flatMap((target) => LAYOUTS.map((layout) => ({ label: `${profile}-${target}-${layout}`, config: { profile, target, layout } }))),
  ),
  ...Object.entries(VARIANTS).flatMap(([variant, extra]) =>
    PROFILES.flatMap((profile) => TARGETS.map((target) => ({ label: `${profile}-${target}-${variant}`, config: { profile, target, ...extra } }))),
  ),
];
