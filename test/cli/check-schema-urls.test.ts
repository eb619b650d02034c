import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { before, describe, it } from 'node:test';
import { readdirSync } from 'node:fs';
import { cli } from '../support/cli.ts';
import { SCHEMA_DIRS } from '../support/schemas.ts';
import { tempDir } from '../support/temp.ts';

const [SHARED, PROJECT] = SCHEMA_DIRS as [string, string];

/** Serves ../shared/schemas on loopback, counting the schemas it hands out; tests never reach the internet. */
function serveSchemas(): Promise<{ server: Server; base: string; served: () => number }> {
  let served = 0;
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    readFile(join(SHARED, path)).then(
      (body) => {
        served++;
        response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served: () => served })),
  );
}

/** The shared set's layout as kubeconform templates (its README): CRD groups first, then the built-in kinds. */
function templates(base: string): string[] {
  return [`${base}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`, `${base}/kubernetes/{{.ResourceKind}}{{.KindSuffix}}.json`];
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('check --schemas with URL templates, cached on disk', () => {
  const cache = tempDir('dl-schema-cache-');
  const env = { XDG_CACHE_HOME: cache };
  let base = '';
  let firstRun = { code: -1, stdout: '', stderr: '', served: 0 };

  before(async () => {
    const { server, base: url, served } = await serveSchemas();
    base = url;
    // The project folder is a third location: folders and URL templates mix, first match wins.
    const result = await cli(['check', '--schemas', ...templates(base), PROJECT], { env });
    await close(server);
    firstRun = { ...result, served: served() };
  });

  it('checks the default render against schemas served from a URL template with 0 errors', () => {
    assert.equal(firstRun.code, 0, firstRun.stdout + firstRun.stderr);
    assert.match(firstRun.stdout, /objects checked: 0 errors/);
    assert.ok(firstRun.served >= 20, `the local server handed out ${firstRun.served} schemas; the default platform uses more than 20 kinds`);
  });

  it('stores each fetched schema under $XDG_CACHE_HOME/datalyptica/schemas, keyed by URL', () => {
    const files = readdirSync(join(cache, 'datalyptica', 'schemas'));
    assert.equal(files.filter((f) => f.endsWith('.json')).length, firstRun.served);
    assert.ok(files.some((f) => f.endsWith('.missing')), 'a 404 is cached too, so an offline rerun does not retry it');
  });

  it('runs again from the cache alone once the server is gone', async () => {
    const result = await cli(['check', '--schemas', ...templates(base), PROJECT], { env });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /objects checked: 0 errors/);
    assert.equal(result.stderr, '');
  });

  it('says schema validation did not run and exits 1 when offline with an empty cache', async () => {
    const result = await cli(['check', '--schemas', ...templates(base), PROJECT], { env: { XDG_CACHE_HOME: tempDir('dl-schema-cache-') } });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^FAIL DL-SCHEMA-003 .*schema validation did not run for apps\/v1 Deployment: not in the cache and could not fetch .*http:\/\/127\.0\.0\.1:\d+\/kubernetes\/deployment-apps-v1\.json \([A-Z_]+\)/m);
    assert.match(result.stderr, /error: schema validation did not run for \d+ kind\(s\).*--skip-schemas/);
    assert.doesNotMatch(result.stdout, / 0 errors/);
  });

  it('passes with a note when schemas are skipped on purpose', async () => {
    const result = await cli(['check', '--skip-schemas'], { env: { XDG_CACHE_HOME: tempDir('dl-schema-cache-') } });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /objects checked: 0 errors/);
    assert.match(result.stderr, /note: schema validation skipped \(--skip-schemas\)/);
  });

  it('refuses --schemas together with --skip-schemas', async () => {
    const result = await cli(['check', '--skip-schemas', '--schemas', SHARED]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--schemas and --skip-schemas contradict each other/);
  });
});
