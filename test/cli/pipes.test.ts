import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'datalyptica.js');

/** Runs the executable, reads its first chunk of stdout, then closes the pipe like `| head -1`. */
function readFirstChunkThenClose(args: readonly string[]): Promise<{ code: number | null; first: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let first = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString();
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, first, stderr }));
  });
}

describe('output into a pipe that closes early', () => {
  it('stops quietly with exit 0 and no EPIPE stack trace when the reader goes away', async () => {
    const result = await readFirstChunkThenClose(['render', '-o', 'yaml']);
    assert.match(result.first, /^apiVersion: /);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /EPIPE|Unhandled 'error' event|\n\s+at /);
  });
});
