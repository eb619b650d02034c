/**
 * Starts the run's real API server for scripts/run-tests.mjs: builds it if needed, starts it, installs the upstream
 * CRDs, then prints one JSON line — the endpoint, or `{"skip": reason}` — and keeps it running until SIGTERM/SIGINT.
 */
import { apiServerBinary, clientFor, installCrds, startApiServer, stopApiServer } from './real-api-server.ts';

const binary = apiServerBinary();
if ('skip' in binary) {
  process.stdout.write(`${JSON.stringify({ skip: binary.skip })}\n`);
} else {
  const started = Date.now();
  const { endpoint, child } = await startApiServer(binary.path);
  let stopping = false;
  const stop = (): void => {
    stopping = true;
    void stopApiServer(child).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const ready = Date.now();
  await installCrds(clientFor(endpoint).client);
  process.stderr.write(`real API server ${endpoint.server}: ready in ${((ready - started) / 1000).toFixed(1)} s, CRDs installed in ${((Date.now() - ready) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${JSON.stringify(endpoint)}\n`);
  child.once('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`real API server exited unexpectedly (${code})\n`);
    process.exit(1);
  });
}
