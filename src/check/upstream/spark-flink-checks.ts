import { refOf, type KubeObject } from '../../model/kube.ts';
import type { Finding } from '../finding.ts';
import { findingOf } from '../policy/rule.ts';
import { is, list, obj, type Json } from './json.ts';
import { UPS } from './rules.ts';

/** Names the Spark operator chart gives its controller's ServiceAccount (`<release>-spark-operator[-controller|-webhook]`). */
const OPERATOR_ACCOUNT = /(^|-)spark-operator(-controller|-webhook)?$/;

/** Environment variables that carry object-store credentials into Spark pods. */
const CREDENTIAL_ENV = /^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_WEB_IDENTITY_TOKEN_FILE)$/;

function envNames(role: Json): Set<string> {
  const names = list(role['env']).map((e) => String(obj(e)?.['name'] ?? ''));
  return new Set([...names, ...Object.keys(obj(role['envVars']) ?? {})]);
}

/** The application spec of a SparkApplication or of a ScheduledSparkApplication's template, with its JSON pointer. */
function sparkSpec(object: KubeObject): { spec: Json; base: string } | undefined {
  if (is(object, 'sparkoperator.k8s.io', 'SparkApplication')) return { spec: obj(object['spec']) ?? {}, base: '/spec' };
  if (is(object, 'sparkoperator.k8s.io', 'ScheduledSparkApplication')) return { spec: obj(obj(object['spec'])?.['template']) ?? {}, base: '/spec/template' };
  return undefined;
}

function checkSparkRoles(object: KubeObject): Finding[] {
  const found = sparkSpec(object);
  if (found === undefined) return [];
  const { spec, base } = found;
  const driver = obj(spec['driver']) ?? {};
  const executor = obj(spec['executor']) ?? {};
  const findings: Finding[] = [];
  const account = driver['serviceAccount'];
  if (typeof account === 'string' && OPERATOR_ACCOUNT.test(account)) {
    findings.push(
      findingOf(UPS.sparkOperatorServiceAccount, {
        object: refOf(object),
        path: `${base}/driver/serviceAccount`,
        message: `the driver runs as ${account}, the operator controller's ServiceAccount: use the chart's spark ServiceAccount of the job namespace (spark.jobNamespaces)`,
      }),
    );
  }
  const missing = [...envNames(driver)].filter((name) => CREDENTIAL_ENV.test(name) && !envNames(executor).has(name));
  if (missing.length > 0) {
    findings.push(
      findingOf(UPS.sparkExecutorCredentials, {
        object: refOf(object),
        path: `${base}/executor/env`,
        message: `the driver gets ${missing.join(', ')} but the executors do not: their S3 reads and writes have no credentials`,
      }),
    );
  }
  for (const [role, value] of [['driver', driver], ['executor', executor]] as const) {
    for (const field of ['sparkConf', 'hadoopConf']) {
      if (value[field] === undefined) continue;
      findings.push(
        findingOf(UPS.sparkConfPlacement, {
          object: refOf(object),
          path: `${base}/${role}/${field}`,
          message: `${role}.${field} is not a field of the SparkApplication: the API server prunes it and none of its ${Object.keys(obj(value[field]) ?? {}).length} settings reach Spark (move them to spec.${field})`,
        }),
      );
      // The values are still mistyped where the user will move them: say so now.
      for (const [key, setting] of Object.entries(obj(value[field]) ?? {})) {
        if (typeof setting !== 'string') {
          findings.push(findingOf(UPS.sparkConfStrings, { object: refOf(object), path: `${base}/${role}/${field}/${key}`, message: `${key} is a ${setting === null ? 'null' : typeof setting}; ${field} values must be strings (quote it)` }));
        }
      }
    }
  }
  return findings;
}

/** Standby JobManagers (jobManager.replicas > 1) without Flink's high availability, which the operator's validator rejects. */
function checkFlinkHa(object: KubeObject): Finding[] {
  if (!is(object, 'flink.apache.org', 'FlinkDeployment')) return [];
  const spec = obj(object['spec']) ?? {};
  const replicas = obj(spec['jobManager'])?.['replicas'];
  if (typeof replicas !== 'number' || replicas <= 1) return [];
  const conf = obj(spec['flinkConfiguration']) ?? {};
  const type = conf['high-availability.type'] ?? conf['high-availability'];
  if (type !== undefined && String(type).toUpperCase() !== 'NONE') return [];
  return [
    findingOf(UPS.flinkStandbyNeedsHa, {
      object: refOf(object),
      path: '/spec/jobManager/replicas',
      message: `${replicas} JobManagers without high-availability.type: the operator rejects standby JobManagers unless HA is enabled`,
    }),
  ];
}

/** The DL-UPS rules about Spark applications and Flink deployments, beyond DL-UPS-006/007. Pure. */
export function checkSparkAndFlink(object: KubeObject): Finding[] {
  return [...checkSparkRoles(object), ...checkFlinkHa(object)];
}
