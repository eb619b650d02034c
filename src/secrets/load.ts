import type { KubeObject } from '../model/kube.ts';
import type { Platform } from '../platform/platform.ts';
import { filesBackend } from '../platform/secrets/files.ts';
import { fileSecretStore } from './store.ts';

/**
 * The generated Secrets of a platform, read from `dir` for `deploy` to apply before the workloads
 * that read them (the `files` backend's `materialise`). Throws one error naming every missing
 * Secret or key, with the command that creates them.
 */
export function loadGeneratedSecrets(platform: Pick<Platform, 'secrets'>, dir: string, options: { configFile?: string } = {}): KubeObject[] {
  return [...filesBackend.materialise(platform.secrets, fileSecretStore({ dir }), options).secrets];
}
