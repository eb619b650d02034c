import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultSchemaCacheDir, fetchSchemas } from '../../../src/check/schema/remote-store.ts';
import { tempDir } from '../../support/temp.ts';

/** A fetch that answers from a table and records every URL asked; no network. */
function fakeFetch(answers: Record<string, number | Error>): { fetch: typeof fetch; asked: string[] } {
  const asked: string[] = [];
  const fn = (async (input: string | URL | Request) => {
    const url = String(input);
    asked.push(url);
    const answer = answers[url] ?? 404;
    if (answer instanceof Error) throw answer;
    return new Response(answer === 200 ? '{"type":"object"}' : 'no', { status: answer });
  }) as typeof fetch;
  return { fetch: fn, asked };
}

describe('downloaded schemas cache', () => {
  it('lives under XDG_CACHE_HOME, else ~/.cache', () => {
    assert.equal(defaultSchemaCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }), '/x/cache/datalyptica/schemas');
    assert.equal(defaultSchemaCacheDir({ HOME: '/home/u' }), '/home/u/.cache/datalyptica/schemas');
  });

  it('caches schemas and 404s but not server errors, and reuses the cache without asking again', async () => {
    const cacheDir = tempDir('dl-remote-store-');
    const first = fakeFetch({ 'https://s.test/a.json': 200, 'https://s.test/b.json': 404, 'https://s.test/c.json': 503 });
    const urls = ['https://s.test/a.json', 'https://s.test/b.json', 'https://s.test/c.json'];
    const got = await fetchSchemas(urls, { cacheDir, fetch: first.fetch });
    assert.equal(got.get(urls[0]!)?.status, 'found');
    assert.equal(got.get(urls[1]!)?.status, 'missing');
    assert.deepEqual(got.get(urls[2]!), { status: 'unreachable', reason: 'HTTP 503' });
    assert.equal(readdirSync(cacheDir).length, 2, 'a schema and a 404 marker; the 503 is not cached');

    const second = fakeFetch({ 'https://s.test/c.json': 200 });
    const again = await fetchSchemas(urls, { cacheDir, fetch: second.fetch });
    assert.deepEqual(second.asked, ['https://s.test/c.json'], 'only the URL that failed is asked again');
    assert.deepEqual(again.get(urls[0]!), { status: 'found', file: (got.get(urls[0]!) as { file: string }).file, cached: true });
    assert.deepEqual(again.get(urls[1]!), { status: 'missing', cached: true });
  });

  it('stops asking a host after a network-level failure', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const urls = Array.from({ length: 30 }, (_, i) => `https://down.test/${i}.json`);
    const fake = fakeFetch(Object.fromEntries(urls.map((u) => [u, refused])));
    const got = await fetchSchemas(urls, { cacheDir: tempDir('dl-remote-store-'), fetch: fake.fetch, concurrency: 1 });
    assert.equal(fake.asked.length, 1);
    assert.ok([...got.values()].every((r) => r.status === 'unreachable' && r.reason === 'ECONNREFUSED'));
  });
});
