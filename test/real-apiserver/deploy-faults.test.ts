import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import type { DeployEvent } from '../../src/cluster/deploy.ts';
import { apiServerBinary, clientFor, installCrds, startApiServer, stopApiServer, type RealApiServer } from '../support/real-api-server.ts';
import { realDeploy, type RealDeploy } from '../support/real-deploy.ts';
import { startStatusStandIn, type StandInObject } from '../support/status-stand-in.ts';
import { tempDir } from '../support/temp.ts';

/**
 * Deploy against a real kube-apiserver behind a fault-injecting proxy (test/support/fault-proxy.ts). This file runs
 * its own API server (not the run's shared one) with a kept state folder and a fixed port, so it can restart it
 * mid-deploy: etcd's data survives, as on a real control-plane restart.
 */
const CONFIG = { namePrefix: 'faults', profile: 'dev' } as const;

let binary: string | undefined;
let skip: string | undefined;
let child: ChildProcess | undefined;
let server: RealApiServer | undefined;
let env: RealDeploy | undefined;
const stateDir = tempDir('datalyptica-apiserver-state-');
let port = 0;
/** Objects the stand-in must not report ready (`Kind/name`); tests add and clear them. */
const held = new Set<string>();
const hold = (o: StandInObject): boolean => held.has(`${o.kind}/${o.metadata.name}`);
/** StatefulSets turn ready after 400 ms, so deploy surely watches some (a first list would otherwise see them ready). */
const delayMs = (o: StandInObject): number => (o.kind === 'StatefulSet' ? 400 : 30);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port: free } = probe.address() as { port: number };
  await new Promise<void>((done) => probe.close(() => done()));
  return free;
}

before(async () => {
  const found = apiServerBinary();
  if ('skip' in found) {
    skip = found.skip;
    return;
  }
  binary = found.path;
  port = await freePort();
  const started = await startApiServer(binary, ['--dir', stateDir, '--port', String(port)]);
  child = started.child;
  server = clientFor(started.endpoint);
  await installCrds(server.client);
  const made = await realDeploy(CONFIG, { server, hold, delayMs });
  if ('skip' in made) skip = made.skip;
  else env = made;
});
after(async () => {
  await env?.stop();
  if (child) await stopApiServer(child);
});

function ready(t: { skip(reason: string): void }): RealDeploy | undefined {
  if (env === undefined) t.skip(skip ?? 'no real API server');
  return env;
}

/** What the interrupted deploy said it had applied (its stderr). */
let appliedBeforeInterrupt: string[] = [];

const jsonEvents = (stdout: string): DeployEvent[] => stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as DeployEvent);

describe('deploy against a real kube-apiserver through faults', () => {
  it('stops on interrupt (SIGINT) after some objects were applied, saying how to resume', async (t) => {
    const e = ready(t);
    if (!e) return;
    const from = e.proxy.log.length;
    const running = e.run(['deploy', ...e.deployArgs]);
    while (e.proxy.writes(from).length < 40) await sleep(20);
    process.emit('SIGINT');
    const stopped = await running;
    assert.equal(stopped.code, 130, stopped.stderr + stopped.stdout.slice(-2000));
    assert.match(stopped.stderr, /interrupted: \d+ object\(s\) applied in this run/);
    assert.match(stopped.stderr, /re-run the same deploy command to resume/);
    appliedBeforeInterrupt = [...stopped.stderr.matchAll(/^ {2}applied (.+)$/gm)].map((m) => m[1]!);
    assert.ok(appliedBeforeInterrupt.length > 0);
  });

  it('resumes the interrupted deploy and converges through 429 with Retry-After, 500, connection resets, slow answers and dropped watches', async (t) => {
    const e = ready(t);
    if (!e) return;
    e.proxy.faults.push(
      { match: (r) => r.method === 'PATCH' && r.path.includes('/deployments/'), status: 429, headers: { 'Retry-After': '1' }, times: 3 },
      { match: (r) => r.method === 'PATCH' && r.path.includes('/configmaps/'), status: 500, times: 3 },
      { match: (r) => r.method === 'GET' && r.path.includes('/secrets/'), reset: true, times: 3 },
      { match: (r) => r.method === 'GET' && r.path.includes('/services/'), delayMs: 1500, times: 4 },
      { match: (r) => r.query.get('watch') === '1', dropWatchAfterMs: 50, times: 10 },
    );
    const resumed = await e.run(['deploy', ...e.deployArgs, '-o', 'json']);
    const rules = e.proxy.faults.splice(0);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout.slice(-3000));
    assert.deepEqual(e.standIn.errors, []);
    const events = jsonEvents(resumed.stdout);
    assert.ok(events.some((ev) => ev.type === 'unchanged'), 'what the interrupted run applied is skipped');
    // Finished work is skipped: what the interrupted run applied is found unchanged (helm releases and copies aside).
    const unchanged = new Set(events.flatMap((ev) => (ev.type === 'unchanged' ? [ev.object] : [])));
    const reapplied = appliedBeforeInterrupt.filter((o) => !unchanged.has(o) && !o.startsWith('helm release'));
    assert.deepEqual(reapplied, []);
    const retries = events.filter((ev): ev is Extract<DeployEvent, { type: 'retry' }> => ev.type === 'retry');
    assert.ok(retries.some((r) => /429/.test(r.reason) && r.delayMs === 1000), 'Retry-After: 1 honoured');
    assert.ok(retries.some((r) => /500/.test(r.reason)));
    assert.ok(retries.some((r) => /ECONNRESET|socket hang up|reset/i.test(r.reason)), JSON.stringify(retries.map((r) => r.reason)));
    for (const [i, rule] of rules.entries()) assert.ok((rule.hits ?? 0) > 0, `fault rule #${i} was hit`);
  });

  it('stops naming the object that never turns ready and what it blocks', async (t) => {
    const e = ready(t);
    if (!e) return;
    const changed = join(e.dir, 'stuck.yaml');
    writeFileSync(changed, stringify({ ...CONFIG, components: { nessie: { replicas: 2 } } }));
    held.add('Deployment/nessie');
    const stuck = await e.run(['deploy', ...e.deployArgs.map((a) => (a === e.configFile ? changed : a)), '--phase-timeout', '4']);
    assert.equal(stuck.code, 1, stuck.stdout.slice(-3000));
    assert.match(stuck.stderr, /DL_DEPLOY_TIMEOUT|did not finish/);
    assert.match(stuck.stderr + stuck.stdout, /Deployment\/nessie.*not ready/);
    assert.match(stuck.stderr, /blocks: /);
  });

  it('rides out an API server restart while it waits: watches resume and the deploy converges', async (t) => {
    const e = ready(t);
    if (!e || binary === undefined || child === undefined) return;
    held.add('Deployment/nessie');
    const changed = join(e.dir, 'restart.yaml');
    writeFileSync(changed, stringify({ ...CONFIG, components: { nessie: { replicas: 3 } } }));
    const from = e.proxy.log.length;
    const running = e.run(['deploy', ...e.deployArgs.map((a) => (a === e.configFile ? changed : a)), '--phase-timeout', '120']);
    // Deploy is waiting for the held Deployment once it watches it.
    while (!e.proxy.log.slice(from).some((r) => r.query.get('watch') === '1' && r.path.endsWith('/deployments') && (r.query.get('fieldSelector') ?? '').includes('nessie'))) await sleep(50);
    e.proxy.down = true;
    e.proxy.dropConnections();
    await e.standIn.stop();
    await stopApiServer(child);
    const restarted = await startApiServer(binary, ['--dir', stateDir, '--port', String(port)]);
    child = restarted.child;
    e.proxy.retarget(restarted.endpoint);
    e.proxy.down = false;
    held.clear();
    // The controllers reconnect too (a new token: the Go program issues one per start).
    e.standIn = await startStatusStandIn({ endpoint: restarted.endpoint, hold, delayMs });
    const done = await running;
    assert.equal(done.code, 0, done.stderr + done.stdout.slice(-3000));
    const live = await clientFor(restarted.endpoint).client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nessie', namespace: e.platform.objects.find((p) => p.object.kind === 'Deployment' && p.object.metadata.name === 'nessie')!.object.metadata.namespace! });
    assert.equal((live!['status'] as { readyReplicas?: number }).readyReplicas, 3);
  });
});
