/** The secrets library: generation, loading for deploy, listing, sealing. */
export { generateSecrets, generatedRequirements, type GenerateResult } from './generate.ts';
export { loadGeneratedSecrets } from './load.ts';
export { listSecrets, type SecretListing } from './list.ts';
export { sealSecret, sealingKey, hybridEncrypt, sealingLabel, SEALING_SCOPES, type SealingScope } from './seal.ts';
export { sealGeneratedSecrets, loadSealedSecrets, type SealResult } from './sealed-files.ts';
export { secretFile, secretObject, FILE_MODE, DIR_MODE } from './files.ts';
export { fileSecretStore, sealedFile, readSealedFile } from './store.ts';
export { rotateSecret, type RotateResult } from './rotate.ts';
export { exposedSecretPaths, exposureWarnings, gitExposure, type ExposedPath } from './hygiene.ts';
