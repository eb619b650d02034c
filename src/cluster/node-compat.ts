/**
 * Node 20 compatibility for `@kubernetes/client-node` 2.x. It depends on undici 8, which needs
 * Node ≥ 22.19 and fails at import time on Node 20 (`zlib.createZstdDecompress`,
 * `worker_threads.markAsUncloneable`) and at request time (`Promise.withResolvers`), while this
 * package declares `node >= 20`. Import this module before client-node. Each shim only fills a
 * gap, never replaces what the runtime has; on Node 22.19+ it does nothing.
 * @see https://github.com/nodejs/undici/blob/main/package.json (engines)
 */
import wt from 'node:worker_threads';
import zlib from 'node:zlib';

const zlibModule = zlib as unknown as Record<string, unknown>;
if (typeof zlibModule['createZstdDecompress'] !== 'function') {
  // Only reached if a server answers with zstd, which the API server never does (it offers gzip).
  zlibModule['createZstdDecompress'] = () => {
    throw new Error('zstd content-encoding needs Node 22.15 or later');
  };
}
const workerThreads = wt as unknown as Record<string, unknown>;
if (typeof workerThreads['markAsUncloneable'] !== 'function') {
  // Marks objects uncloneable for postMessage; a no-op is safe where nothing posts them.
  workerThreads['markAsUncloneable'] = () => undefined;
}
const promise = Promise as unknown as Record<string, unknown>;
if (typeof promise['withResolvers'] !== 'function') {
  promise['withResolvers'] = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const created = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: created, resolve, reject };
  };
}
