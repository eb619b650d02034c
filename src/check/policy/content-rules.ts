import type { KubeObject } from '../../model/kube.ts';
import { refOf } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { Owner, Platform } from '../../platform/platform.ts';
import type { Finding } from '../finding.ts';
import { findingOf } from './rule.ts';
import { OBJ, SEC } from './rules.ts';

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Kinds whose values are meant to hold credentials (encrypted or fetched), never checked for them. */
const CREDENTIAL_KINDS = new Set(['Secret', 'SealedSecret', 'ExternalSecret']);

/** An expansion or reference the program resolves at run time (`${ENV:X}`, `$(X)`, `${file:...}`), not a value. */
function isIndirect(value: string): boolean {
  return value === '' || /^\$\{[^}]+\}$|^\$\([A-Za-z_][A-Za-z0-9_]*\)$|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value.trim());
}

/** `scheme://user:password@host` with a literal password. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:([^\s@/'"]+)@/gi;
/** JDBC-style `password=` parameters (`?password=`, `;password=`, `&password=`). */
const JDBC_PASSWORD = /jdbc:[a-z0-9]+:[^\s'"]*?[?;&](?:password|pwd)=([^&;\s'"]+)/gi;

/** The literal password inside a database or service URL, if any. */
export function passwordInUrl(text: string): string | undefined {
  for (const pattern of [URL_CREDENTIALS, JDBC_PASSWORD]) {
    for (const match of text.matchAll(pattern)) {
      const secret = match[1] ?? '';
      if (!isIndirect(secret) && !/^\$\{[^}]+\}$/.test(secret)) return secret;
    }
  }
  return undefined;
}

/** Properties keys that hold a credential. */
const SECRET_PROPERTY = /(password|passwd|secret|credential|token|private[._-]?key|access[._-]?key)$/i;
/** Keys that describe where a credential is, rather than holding it. */
const REFERENCE_PROPERTY = /(file|path|location|type|provider|enabled|name|id|header|url|uri|class)$/i;

/** `key=value` / `key: value` lines of a Java properties text whose key holds a literal credential. */
export function secretProperties(text: string): string[] {
  const keys: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const match = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key = '', value = ''] = match;
    const reference = /^(\/|file:|urn:|env:|secret:|vault:|classpath:)/.test(value) || /\$\{[^}]+\}/.test(value);
    if (SECRET_PROPERTY.test(key) && !REFERENCE_PROPERTY.test(key) && !isIndirect(value) && !reference) keys.push(key);
  }
  return keys;
}

const pointerSegment = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Calls `found` with the JSON pointer of every string in `value` that carries a literal password in
 * a URL. Only strings that could (with `@` or `jdbc:`) reach the regular expressions, and a
 * pointer is built only for a match: most of a platform's strings are neither.
 */
function urlPasswords(value: unknown, at: readonly string[], found: (path: string) => void): void {
  if (typeof value === 'string') {
    if ((value.includes('@') || /jdbc:/i.test(value)) && passwordInUrl(value) !== undefined) found(at.map((k) => `/${pointerSegment(k)}`).join(''));
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => urlPasswords(item, [...at, String(i)], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) if (child !== null && (typeof child === 'object' || typeof child === 'string')) urlPasswords(child, [...at, key], found);
  }
}

function checkConfigContent(object: KubeObject): Finding[] {
  if (CREDENTIAL_KINDS.has(object.kind)) return [];
  const ref = refOf(object);
  const findings: Finding[] = [];
  const { metadata: _metadata, ...body } = object;
  urlPasswords(body, [], (path) => findings.push(findingOf(SEC.secretInConfig, { object: ref, path, message: 'a URL carries a literal password' })));
  if (object.kind === 'ConfigMap' && object.apiVersion === 'v1') {
    for (const [key, value] of Object.entries(obj(object['data']) ?? {})) {
      if (!key.endsWith('.properties') || typeof value !== 'string') continue;
      for (const property of secretProperties(value)) {
        findings.push(findingOf(SEC.secretInConfig, { object: ref, path: `/data/${key}`, message: `${key} sets ${property} to a literal value` }));
      }
    }
  }
  return findings;
}

/** Flink and Hadoop/Spark keys that carry an S3 secret (`s3.secret-key`, `fs.s3a.secret.key`, session tokens). */
const S3_SECRET_KEY = /(s3a?|aws|s3\.aws)[._-].*(secret[._-]?(access[._-]?)?key|session[._-]?token)$|^s3\.secret-key$/i;

function checkEngineConf(object: KubeObject): Finding[] {
  const spec = obj(object['spec']);
  if (!spec) return [];
  const sections: { path: string; conf: Json | undefined }[] = [];
  const group = object.apiVersion.split('/')[0];
  if (group === 'flink.apache.org' && (object.kind === 'FlinkDeployment' || object.kind === 'FlinkSessionJob')) {
    sections.push({ path: '/spec/flinkConfiguration', conf: obj(spec['flinkConfiguration']) });
  }
  if (group === 'sparkoperator.k8s.io' && (object.kind === 'SparkApplication' || object.kind === 'ScheduledSparkApplication')) {
    const app = object.kind === 'ScheduledSparkApplication' ? obj(spec['template']) : spec;
    const base = object.kind === 'ScheduledSparkApplication' ? '/spec/template' : '/spec';
    sections.push({ path: `${base}/sparkConf`, conf: obj(app?.['sparkConf']) }, { path: `${base}/hadoopConf`, conf: obj(app?.['hadoopConf']) });
  }
  const findings: Finding[] = [];
  for (const { path, conf } of sections) {
    for (const [key, value] of Object.entries(conf ?? {})) {
      if (S3_SECRET_KEY.test(key) && typeof value === 'string' && !isIndirect(value)) {
        findings.push(findingOf(SEC.engineS3Secret, { object: refOf(object), path: `${path}/${key}`, message: `${key} holds an S3 secret in the ${object.kind}` }));
      }
    }
  }
  return findings;
}

function checkCnpgResources(object: KubeObject): Finding[] {
  if (object.kind !== 'Cluster' || !object.apiVersion.startsWith('postgresql.cnpg.io/')) return [];
  const resources = obj(obj(object['spec'])?.['resources']);
  const missing: string[] = [];
  for (const section of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory'] as const) if (obj(resources?.[section])?.[resource] === undefined) missing.push(`${section}.${resource}`);
  }
  if (missing.length === 0) return [];
  return [findingOf(SEC.cnpgResources, { object: refOf(object), path: '/spec/resources', message: `the Cluster has no ${missing.join(', ')}` })];
}

const SECRET_READ_VERBS = new Set(['get', 'list', 'watch', '*']);

function checkSecretReads(object: KubeObject, owner: Owner, plan: readonly SecretRequirement[]): Finding[] {
  if ((object.kind !== 'Role' && object.kind !== 'ClusterRole') || !object.apiVersion.startsWith('rbac.authorization.k8s.io/')) return [];
  const namespace = object.metadata.namespace;
  const declared = new Set(
    plan.filter((s) => (namespace === undefined || s.namespace === namespace) && (owner === 'platform' || owner === 'operators' || s.consumers.includes(owner as never))).map((s) => s.name),
  );
  const findings: Finding[] = [];
  list(object['rules']).forEach((rule, i) => {
    const r = obj(rule) ?? {};
    const groups = list(r['apiGroups']).map(String);
    const resources = list(r['resources']).map(String);
    const verbs = list(r['verbs']).map(String).filter((v) => SECRET_READ_VERBS.has(v));
    if (!(groups.includes('') || groups.includes('*')) || !(resources.includes('secrets') || resources.includes('*')) || verbs.length === 0) return;
    const names = list(r['resourceNames']).map(String);
    const ref = refOf(object);
    if (names.length === 0) {
      findings.push(findingOf(SEC.secretReadScope, { object: ref, path: `/rules/${i}`, message: `rule ${i} grants ${verbs.join(', ')} on every Secret${namespace ? ` in ${namespace}` : ' of the cluster'}` }));
      return;
    }
    const undeclared = names.filter((n) => !declared.has(n));
    if (undeclared.length > 0) {
      findings.push(findingOf(SEC.secretReadScope, { object: ref, path: `/rules/${i}/resourceNames`, message: `rule ${i} grants ${verbs.join(', ')} on Secrets ${owner} did not declare: ${undeclared.join(', ')}` }));
    }
  });
  return findings;
}

/** Kinds named by a DNS-1123 label, with what Kubernetes or the operator appends to the name. */
const LABEL_NAMED: Readonly<Record<string, number>> = { Namespace: 0, Service: 0, StatefulSet: 11, Pooler: 0, RedisSentinel: '-sentinel'.length + 11 };

function checkNameLengths(object: KubeObject): Finding[] {
  const ref = refOf(object);
  const findings: Finding[] = [];
  const name = object.metadata.name;
  const extra = LABEL_NAMED[object.kind];
  if (extra !== undefined && name.length + extra > 63) {
    findings.push(findingOf(OBJ.nameLength, { object: ref, path: '/metadata/name', message: `the name has ${name.length} characters; a ${object.kind} name must leave room for ${63 - extra} at most` }));
  } else if (name.length > 253) {
    findings.push(findingOf(OBJ.nameLength, { object: ref, path: '/metadata/name', message: `the name has ${name.length} characters (at most 253)` }));
  }
  if ((object.metadata.namespace ?? '').length > 63) findings.push(findingOf(OBJ.nameLength, { object: ref, path: '/metadata/namespace', message: 'the namespace name is longer than 63 characters' }));
  for (const [key, value] of Object.entries(object.metadata.labels ?? {})) {
    if (String(value).length > 63) findings.push(findingOf(OBJ.nameLength, { object: ref, path: `/metadata/labels/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `label ${key} has a ${String(value).length}-character value (at most 63)` }));
  }
  return findings;
}

/** The content rules that need nothing but the object: credentials in configuration, engine S3 keys, CNPG resources, name lengths. */
export function checkObjectContent(object: KubeObject): Finding[] {
  return [...checkConfigContent(object), ...checkEngineConf(object), ...checkCnpgResources(object), ...checkNameLengths(object)];
}

/** Credentials in configuration, engine S3 keys, CNPG resources, Secret reads, name lengths. */
export function checkContent(platform: Platform): Finding[] {
  const findings: Finding[] = [];
  for (const { object, owner } of platform.objects) {
    findings.push(...checkConfigContent(object), ...checkEngineConf(object), ...checkCnpgResources(object), ...checkSecretReads(object, owner, platform.secrets), ...checkNameLengths(object));
  }
  return findings;
}
