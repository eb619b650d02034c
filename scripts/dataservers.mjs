#!/usr/bin/env node
// Fetches the real data servers the probe tests start on loopback (test/dataservers/artifacts.json) from Maven
// Central into .cache/dataservers/<name>/<version>/, once: Kafka's broker jars with their runtime dependencies
// (Maven resolves them from test/dataservers/pom.xml with --strict-checksums), and single artifacts (Nessie's
// Quarkus runner, S3Proxy, Keycloak, Trino) downloaded directly, each checked against the .sha1 Maven Central
// publishes beside it. A folder counts as fetched only once its `.complete` marker is written.
//
//   node scripts/dataservers.mjs                 fetch every server that is missing (entries marked optional aside)
//   node scripts/dataservers.mjs kafka s3proxy   fetch these (optional ones too)
//   node scripts/dataservers.mjs --check [name]  exit 2 if one is missing (never fetches)
//
// Without Maven on PATH the Kafka jars cannot be resolved: that prints why and exits 0 (the Kafka tests then skip
// with the reason), except with CI=true, where it is a failure (exit 1), like any download or checksum failure.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specs = JSON.parse(readFileSync(join(root, 'test', 'dataservers', 'artifacts.json'), 'utf8'));
const cacheRoot = process.env.DATALYPTICA_DATASERVERS_CACHE ?? join(root, '.cache', 'dataservers');
const repository = (process.env.DATALYPTICA_MAVEN_REPOSITORY ?? 'https://repo1.maven.org/maven2').replace(/\/$/, '');
const ci = process.env.CI === 'true';
const COMPLETE = '.complete';

const names = Object.keys(specs).filter((name) => !name.startsWith('$'));
const args = process.argv.slice(2);
const check = args.includes('--check');
const asked = args.filter((a) => !a.startsWith('--'));
for (const name of asked) {
  if (!names.includes(name)) {
    process.stderr.write(`dataservers: unknown server ${name}; known: ${names.join(', ')}\n`);
    process.exit(1);
  }
}
const wanted = asked.length > 0 ? asked : names.filter((name) => !specs[name].optional);

/** Where a server's files live once fetched. */
function folderOf(name) {
  return join(cacheRoot, name, specs[name].version);
}

/** The artifact's URL in the Maven repository layout. */
function artifactUrl(spec) {
  const file = `${spec.artifactId}-${spec.version}${spec.classifier ? `-${spec.classifier}` : ''}.${spec.extension}`;
  return { url: `${repository}/${spec.groupId.replaceAll('.', '/')}/${spec.artifactId}/${spec.version}/${file}`, file };
}

async function getText(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.text();
}

/** Streams the artifact to `target` while hashing it; throws unless its SHA-1 is the published one. */
async function download(spec, target) {
  const { url } = artifactUrl(spec);
  const expected = (await getText(`${url}.sha1`)).trim().split(/\s+/)[0].toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(expected)) throw new Error(`${url}.sha1 holds no SHA-1: ${expected.slice(0, 60)}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(20 * 60_000) });
  if (!response.ok || response.body === null) throw new Error(`GET ${url} answered ${response.status}`);
  const hash = createHash('sha1');
  const hashing = new Transform({
    transform(chunk, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body), hashing, createWriteStream(target));
  const actual = hash.digest('hex');
  if (actual !== expected) {
    rmSync(target, { force: true });
    throw new Error(`${url}: SHA-1 ${actual} is not the published ${expected}`);
  }
  return actual;
}

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited ${result.status}`);
}

/** Kafka: the broker and its runtime dependencies, resolved by Maven (which checks every .sha1 with -C). */
function resolveWithMaven(name, staging) {
  const spec = specs[name];
  const libs = join(staging, 'libs');
  run('mvn', [
    '-B',
    '-q',
    '--strict-checksums',
    '-Dstyle.color=never',
    `-Dmaven.repo.local=${join(cacheRoot, 'm2')}`,
    '-f',
    join(root, 'test', 'dataservers', 'pom.xml'),
    `-Dkafka.version=${spec.version}`,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${libs}`,
  ]);
  return `runtime dependencies of ${spec.groupId}:${spec.artifactId}:${spec.version} resolved by Maven with --strict-checksums`;
}

async function fetchSingle(name, staging) {
  const spec = specs[name];
  const { file } = artifactUrl(spec);
  const target = join(staging, file);
  const sha1 = await download(spec, target);
  if (spec.unpack) {
    if (spec.extension === 'zip') run('unzip', ['-q', target, '-d', staging]);
    else run('tar', ['-xzf', target, '-C', staging]);
    rmSync(target);
  }
  const built = spec.build ? buildKeycloak(spec, staging) : '';
  return `${file} sha1 ${sha1}${built}`;
}

/** A JDK home of at least this feature release (JAVA_HOME, then /usr/lib/jvm), or undefined. */
function javaHomeAtLeast(feature) {
  const homes = [process.env.JAVA_HOME, ...(existsSync('/usr/lib/jvm') ? readdirSync('/usr/lib/jvm').map((e) => join('/usr/lib/jvm', e)) : [])].filter(Boolean);
  const fitting = homes
    .map((home) => ({ home, release: existsSync(join(home, 'release')) ? /^JAVA_VERSION="(\d+)/m.exec(readFileSync(join(home, 'release'), 'utf8')) : null }))
    .filter((h) => h.release !== null && Number(h.release[1]) >= feature && existsSync(join(h.home, 'bin', 'java')))
    .sort((a, b) => Number(a.release[1]) - Number(b.release[1]));
  return fitting[0]?.home;
}

/**
 * Keycloak rebuilds itself for its build-time options at every `start-dev`, which takes minutes on
 * a loaded machine: build once here, so the tests run `kc.sh start --optimized`.
 * @see https://www.keycloak.org/server/configuration#_optimize_the_keycloak_startup
 */
function buildKeycloak(spec, staging) {
  const javaHome = javaHomeAtLeast(spec.java);
  if (javaHome === undefined) throw new Error(`no Java ${spec.java}+ (JAVA_HOME, /usr/lib/jvm) to run kc.sh build`);
  run(join(staging, `keycloak-${spec.version}`, 'bin', 'kc.sh'), ['build', ...spec.build], { env: { ...process.env, JAVA_HOME: javaHome } });
  return ` built with ${spec.build.join(' ')}`;
}

function mavenMissing() {
  return spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0;
}

let failed = false;
let missing = false;
for (const name of wanted) {
  const spec = specs[name];
  const folder = folderOf(name);
  if (existsSync(join(folder, COMPLETE))) {
    process.stdout.write(`${name} ${spec.version}: ${folder}\n`);
    continue;
  }
  if (check) {
    missing = true;
    process.stderr.write(`dataservers: ${name} ${spec.version} is not fetched (node scripts/dataservers.mjs ${name})\n`);
    continue;
  }
  if (spec.resolve === 'maven-dependencies' && mavenMissing()) {
    process.stderr.write(`dataservers: ${name}: no Maven on PATH (\`mvn -v\` failed): it resolves the ${spec.artifactId} jars\n`);
    failed ||= ci;
    continue;
  }
  const staging = `${folder}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const started = Date.now();
  try {
    const what = spec.resolve === 'maven-dependencies' ? resolveWithMaven(name, staging) : await fetchSingle(name, staging);
    writeFileSync(join(staging, COMPLETE), `${what}\n`);
    rmSync(folder, { recursive: true, force: true });
    renameSync(staging, folder);
    process.stderr.write(`dataservers: ${name} ${spec.version} fetched in ${((Date.now() - started) / 1000).toFixed(0)} s (${what})\n`);
    process.stdout.write(`${name} ${spec.version}: ${folder}\n`);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    process.stderr.write(`dataservers: ${name} ${spec.version}: ${error instanceof Error ? error.message : String(error)}\n`);
    failed = true;
  }
}
if (check && missing) process.exit(2);
process.exit(failed ? 1 : 0);
