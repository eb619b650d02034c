import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrinoQueryError, runUntilScheduled } from '../../../src/cluster/probes/trino.ts';

/** An attempt that fails with the given Trino error names in turn, then returns its attempt count. */
function failing(...errorNames: string[]): { attempt: () => Promise<number>; calls: () => number } {
  let calls = 0;
  return {
    attempt: async () => {
      const name = errorNames[calls++];
      if (name !== undefined) throw new TrinoQueryError(name, 'No nodes available to run query');
      return calls;
    },
    calls: () => calls,
  };
}

describe('a Trino statement refused while workers register', () => {
  it('runs again after NO_NODES_AVAILABLE and SERVER_STARTING_UP and returns what the successful attempt returned', async () => {
    const run = failing('NO_NODES_AVAILABLE', 'SERVER_STARTING_UP', 'NO_NODES_AVAILABLE');
    assert.equal(await runUntilScheduled(run.attempt, new AbortController().signal, 1), 4);
  });

  it('is not run again after any other Trino error', async () => {
    const run = failing('CATALOG_NOT_FOUND');
    await assert.rejects(runUntilScheduled(run.attempt, new AbortController().signal, 1), /CATALOG_NOT_FOUND/);
    assert.equal(run.calls(), 1);
  });

  it('gives up with the last transient error once the check is out of time', async () => {
    const run = failing(...Array<string>(1000).fill('NO_NODES_AVAILABLE'));
    await assert.rejects(runUntilScheduled(run.attempt, AbortSignal.timeout(300), 20), (error: unknown) => {
      assert.ok(error instanceof TrinoQueryError);
      assert.equal(error.errorName, 'NO_NODES_AVAILABLE');
      return true;
    });
    // 20, 40, 80, 160 ms pauses fit in 300 ms; far fewer than the 1000 failures on offer.
    assert.ok(run.calls() >= 2 && run.calls() <= 6, `${run.calls()} attempts`);
  });
});
