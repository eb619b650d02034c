import type { Checker } from './checker.ts';

/** Surfaces what components flagged while building (e.g. MinIO community edition). */
export const warningsChecker: Checker = {
  id: 'components',
  title: 'Component warnings',
  run({ platform }) {
    return platform.warnings.map((message) => ({ rule: 'DL-COMP-001', severity: 'warning' as const, message }));
  },
};
