import { execFileSync } from 'node:child_process';

/** `kubectl kustomize DIR` output; kubectl comes from the machine (.ci/run installs it when missing). */
export function kubectlKustomize(dir: string): string {
  return execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}
