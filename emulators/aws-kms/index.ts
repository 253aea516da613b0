/** Public surface: the server for launchers and tests, the ciphertext format for key holders. */
export { DEFAULT_PORT, startAwsKmsEmulator, type AwsKmsEmulator, type AwsKmsEmulatorOptions } from './server';
export { SYMMETRIC_CIPHERTEXT_FORMAT, encodeEncryptionContext, sealSymmetric } from './ciphertext';
export { parseFault, type Fault, type FaultKind } from './faults';
