import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { deployError } from '../../src/cluster/deploy.ts';
import { simPlatform, type SimPlatform } from './sim-platform.ts';

const runs: SimPlatform[] = [];
after(async () => {
  for (const r of runs) {
    await r.sim.stop();
    rmSync(r.secretsDir, { recursive: true, force: true });
  }
});

describe('the first deploy on a fresh cluster', () => {
  it('waits for the Barman Cloud plugin to serve ObjectStore even when its manifest is slow to arrive', async () => {
    const s = await simPlatform({ target: 'kubernetes', profile: 'dev' });
    runs.push(s);
    const slow = async (url: string, id?: string): Promise<string> => {
      if (id === 'plugin-barman-cloud' || url.includes('plugin-barman-cloud')) await sleep(1000);
      return s.sim.manifests(url);
    };
    const result = await s.run({ fetchManifest: slow });
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    const plugin = s.events.findIndex((e) => e.type === 'step-done' && e.step === 'companion:plugin-barman-cloud');
    const postgres = s.events.findIndex((e) => e.type === 'step-start' && e.step === 'component:postgres');
    assert.ok(plugin >= 0 && plugin < postgres, 'postgres starts after the plugin is installed');
  });
});
