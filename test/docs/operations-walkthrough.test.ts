import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../support/cli.ts';
import { SCHEMA_DIRS } from '../support/schemas.ts';
import { tempDir } from '../support/temp.ts';

const DOCS = join(import.meta.dirname, '..', '..', 'docs', 'operations');
/** Commands that need a live cluster: the walk-through checks that every flag it uses exists. */
const CLUSTER_COMMANDS = new Set(['deploy', 'validate', 'status', 'diff', 'uninstall']);

/** The `datalyptica …` lines of a page's `sh` blocks, comments removed. */
function commandsOf(page: string): string[] {
  const text = readFileSync(join(DOCS, page), 'utf8');
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l.startsWith('datalyptica '));
}

/** The first `yaml` block of a page (the config it shows). */
function configOf(page: string): string | undefined {
  return readFileSync(join(DOCS, page), 'utf8').match(/```yaml\n([\s\S]*?)```/)?.[1];
}

async function walk(page: string, steps: { prepare?: (dir: string) => void; verify: (dir: string) => void }): Promise<number> {
  const dir = tempDir('datalyptica-docs-');
  const previous = process.cwd();
  try {
    process.chdir(dir);
    steps.prepare?.(dir);
    let ran = 0;
    for (const line of commandsOf(page)) {
      const redirect = line.match(/^(.*?)\s*>\s*(\S+)$/);
      const words = (redirect ? redirect[1]! : line).split(/\s+/).slice(1).map((w) => (w === '../shared/schemas' ? SCHEMA_DIRS[0]! : w === 'schemas' ? SCHEMA_DIRS[1]! : w));
      if (CLUSTER_COMMANDS.has(words[0]!)) {
        const help = await cli([words[0]!, '--help']);
        for (const flag of words.filter((w) => w.startsWith('--'))) assert.ok(help.stdout.includes(flag.split('=')[0]!), `${page}: ${words[0]} has ${flag}`);
        continue;
      }
      const result = await cli(words);
      assert.equal(result.code, 0, `${page}: \`${line}\` exited ${result.code}: ${result.stderr}`);
      if (redirect) writeFileSync(redirect[2]!, result.stdout);
      ran += 1;
    }
    steps.verify(dir);
    return ran;
  } finally {
    process.chdir(previous);
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('operations docs', () => {
  it('gitops.md: every datalyptica command it shows runs, and the files it tells the user to apply exist', async () => {
    const ran = await walk('gitops.md', {
      verify(dir) {
        for (const file of ['out/argocd/root-application.yaml', 'out/argocd/health/openshift-gitops-argocd-patch.yaml', 'out/argocd/health/argocd-cm-patch.yaml']) assert.ok(existsSync(join(dir, file)), file);
        assert.match(readFileSync(join(dir, 'out/argocd/root-application.yaml'), 'utf8'), /path: out\/argocd\/apps/);
      },
    });
    assert.ok(ran >= 1);
  });

  it('disconnected.md: lists, configures, checks and renders with mirrored operator manifests', async () => {
    const ran = await walk('disconnected.md', {
      prepare(dir) {
        writeFileSync(join(dir, 'datalyptica.yaml'), configOf('disconnected.md')!);
        // The page fetches the release manifest with curl; the test stands in a local copy.
        mkdirSync(join(dir, 'operator-manifests'));
        writeFileSync(join(dir, 'operator-manifests', 'plugin-barman-cloud.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mirrored\n');
      },
      verify(dir) {
        assert.match(readFileSync(join(dir, 'imageset-config.yaml'), 'utf8'), /kind: ImageSetConfiguration/);
        assert.match(readFileSync(join(dir, 'skopeo-sync.yaml'), 'utf8'), /^docker\.io:/m);
        assert.ok((JSON.parse(readFileSync(join(dir, 'images.json'), 'utf8')) as { registry: string }).registry === 'mirror.example.com:5000/lake');
        assert.match(readFileSync(join(dir, 'out/argocd/operators/plugin-barman-cloud/manifest.yaml'), 'utf8'), /name: mirrored/);
      },
    });
    assert.ok(ran >= 5, `ran ${ran} commands`);
  });
});
