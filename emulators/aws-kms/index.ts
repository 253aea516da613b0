/** Public surface: the server for launchers and tests, the ciphertext format for key holders,
 * AWS's quota table for benchmarks. */
export { DEFAULT_PORT, startAwsKmsEmulator, type AwsKmsEmulator, type AwsKmsEmulatorOptions } from './server';
export { SYMMETRIC_CIPHERTEXT_FORMAT, encodeEncryptionContext, sealSymmetric } from './ciphertext';
export { parseFault, type Fault, type FaultKind } from './faults';
export { AWS_QUOTAS, AWS_QUOTA_SOURCE } from './aws-quotas';
export { THROTTLING_MESSAGE, type QuotaSettings, type QuotasView } from './quotas';
