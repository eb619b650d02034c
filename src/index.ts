/**
 * Datalyptica as a library: load a config, assemble the platform, render it, check it offline,
 * and deploy, diff, inspect, validate or uninstall it on a cluster. The CLI (`bin/datalyptica.js`)
 * is a thin command table over these functions.
 *
 * @example
 * ```ts
 * import { loadConfig, assemblePlatform, renderTree, runChecks } from 'datalyptica';
 * const { config } = loadConfig('datalyptica.yaml');
 * const platform = assemblePlatform(config);
 * const files = renderTree(platform); // path -> YAML, bundle.yaml included
 * const report = runChecks(platform);
 * ```
 */

export { VERSION } from './version.ts';
export { DatalypticaError, ErrorCode, isDatalypticaError, causeChain } from './errors.ts';

// The config file.
export { loadConfig, parseConfigText, resolveConfig, configSchema, DEFAULT_CONFIG_FILE } from './config/load.ts';
export { configJsonSchema } from './config/json-schema.ts';
export type { ResolvedConfig, UserConfig } from './config/schema.ts';

// Components and the platform built from them.
export { COMPONENTS } from './components/registry.ts';
export { assemblePlatform, enabledComponents } from './platform/assemble.ts';
export { withCommittedSecrets, withSealedSecrets } from './platform/secrets/committed.ts';
export { secretsBackend, SECRETS_BACKENDS, type SecretsBackend, type SecretStore, type MaterialisedSecrets } from './platform/secrets/index.ts';
export { buildDeployGraph, type DeployGraph, type DeployStep } from './platform/deploy-graph.ts';
export type { Platform, PlacedObject, BuiltComponent, Owner } from './platform/platform.ts';
export type { ComponentDefinition, ComponentBuild } from './model/component.ts';
export type { BuildContext } from './model/build-context.ts';
export type { KubeObject, ObjectRef } from './model/kube.ts';
export type { ComponentName } from './model/names.ts';
export type { SecretRequirement } from './model/secret.ts';
export { PINNED_VERSIONS, outdatedPins, pinKey, type PinnedVersion, type PinKind } from './model/versions-catalog.ts';

// Render.
export { renderTree, BUNDLE_FILE } from './render/kustomize-tree.ts';
export { writeTree } from './render/write-tree.ts';
export { renderArgoCd, type ArgoCdOptions } from './render/argocd.ts';
export { toYaml, toYamlStream } from './render/yaml.ts';
export type { FileTree } from './render/file-tree.ts';

// Offline checks.
export { runChecks, type CheckReport, type RunChecksOptions } from './check/run.ts';
export { toSarif } from './check/sarif.ts';
export type { Finding } from './check/finding.ts';

// Secrets: generated files, sealed files.
export { generateSecrets, generatedRequirements, loadGeneratedSecrets, listSecrets, sealGeneratedSecrets, loadSealedSecrets, fileSecretStore } from './secrets/index.ts';

// The cluster.
export { connect, type ClusterConnection, type ConnectOptions } from './cluster/connection.ts';
export { deployPlatform, deployError, type DeployOptions, type DeployResult, type DeployEvent } from './cluster/deploy.ts';
export { diffPlatform, type ObjectDiff } from './cluster/diff.ts';
export { platformStatus, type ComponentStatus } from './cluster/status.ts';
export { validatePlatform, clusterAccess, type ValidateOptions } from './cluster/validate/validate.ts';
export { planUninstall, runUninstall, type UninstallOptions, type UninstallPlan } from './cluster/uninstall.ts';
