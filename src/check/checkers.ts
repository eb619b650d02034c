import type { Checker } from './checker.ts';
import { schemaChecker } from './schema/schema-checker.ts';
import { warningsChecker } from './warnings-checker.ts';
import { policyChecker } from './policy/policy-checker.ts';
import { haChecker } from './ha/ha-checker.ts';
import { capacityChecker } from './capacity/capacity-checker.ts';
import { networkChecker } from './network/network-checker.ts';
import { mirrorChecker } from './mirror/mirror-checker.ts';
import { promqlChecker } from './promql/promql-checker.ts';
import { upstreamChecker } from './upstream/upstream-checker.ts';

/** Every offline checker `datalyptica check` runs, in output order. */
export const CHECKERS: readonly Checker[] = [schemaChecker, warningsChecker, policyChecker, haChecker, capacityChecker, networkChecker, upstreamChecker, promqlChecker, mirrorChecker];
