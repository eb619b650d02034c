/**
 * Readiness for the deploy and status engine. The rules live with each kind in the catalogue
 * (`src/kinds/`), so deploy, status, validate and uninstall read one table.
 */
export {
  READINESS_RULES,
  assessReadiness,
  condition,
  hasReadinessRule,
  kindKey as ruleKey,
  type ReadinessContext,
  type ReadinessRule,
  type ReadinessState,
  type ReadinessVerdict,
} from '../kinds/index.ts';
