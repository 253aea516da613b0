import type { KeyType } from '@/lib/keys/key-types';
import type { Protection, ProviderKind, Purpose } from './capabilities';

/**
 * The one contract every provider adapter implements (DESIGN.md §1, §2). Adapters talk to one
 * cloud through its SDK and never touch the database: the reconcile job (lib/distribution) owns
 * every state transition and hands the adapter what it recorded. Every call is idempotent or
 * resumable, because any call can be cut off half way and retried by another worker.
 */

/** An AWS access key pair (+ session token for temporary keys). */
export interface AwsAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** AWS: access key pair (+ session token), or null for the SDK's default chain. */
export interface AwsStaticCredentials extends AwsAccessKey {
  form: 'static';
}

/** AWS: sts:AssumeRole, signed with the default chain's credentials or with the given keys. */
export interface AwsAssumeRoleCredentials {
  form: 'assume_role';
  roleArn: string;
  externalId?: string;
  sessionName?: string;
  source: 'default_chain' | AwsAccessKey;
}

/** AWS: sts:AssumeRoleWithWebIdentity with an OIDC token read from a file or printed by a command. */
export interface AwsWebIdentityCredentials {
  form: 'web_identity';
  roleArn: string;
  sessionName?: string;
  tokenFile?: string;
  /** Split into program and arguments by splitCommandLine (aws/token-command.ts); never a shell. */
  tokenCommand?: string;
}

/** AWS: a named profile of a shared credentials / config file (default files when not given). */
export interface AwsProfileCredentials {
  form: 'profile';
  profile: string;
  credentialsFile?: string;
  configFile?: string;
}

export type AwsCredentials = AwsStaticCredentials | AwsAssumeRoleCredentials | AwsWebIdentityCredentials | AwsProfileCredentials;

/** Azure: a service principal with a client secret, or null for DefaultAzureCredential. */
export interface AzureClientSecretCredentials {
  form: 'client_secret';
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** public | usgov | china, or an https URL of a custom authority host. */
  cloud?: string;
}

export type ProviderCredentials = AwsCredentials | AzureClientSecretCredentials;

/** Everything an adapter needs; credentials arrive unsealed and must never leave the adapter. */
export interface ProviderSettings {
  kind: ProviderKind;
  name: string;
  /** AWS: the region. Azure: the vault name or full vault URL. */
  keyCollection: string;
  endpoint: string | null;
  /** AWS: the STS endpoint for assume_role, web_identity and the chain's role steps; null/absent: the SDK's (AWS_ENDPOINT_URL_STS honoured). */
  stsEndpoint?: string | null;
  /** PEM bundle trusted for the provider's endpoints, in addition to the system's. */
  caBundle: string | null;
  credentials: ProviderCredentials | null;
  /** Written into every tag on a cloud key: installations sharing an account never touch each other's keys. */
  installationId: string;
}

/** One Keywarden version as the adapter sees it. Material is unsealed only for import and proof. */
export interface VersionSpec {
  keyName: string;
  keyType: KeyType;
  version: number;
  purposes: readonly Purpose[];
  protection: Protection;
  /** AES: 32 raw bytes; RSA and ECDSA: PKCS#8 DER. */
  material: Buffer;
  /** SPKI PEM of asymmetric keys. */
  publicKeyPem: string | null;
}

/** The distribution-level facts an adapter needs for key-wide calls. */
export interface DistributionRef {
  keyName: string;
  keyType: KeyType;
  purposes: readonly Purpose[];
  protection: Protection;
  /** The name chosen by prepareDistribution (Azure key name; AWS alias base). */
  remoteName: string;
}

export interface ConnectionReport {
  ok: boolean;
  /** What was checked, in plain words (e.g. "ListKeys and ListAliases in eu-west-1 succeeded"). */
  detail: string;
  error?: ProviderFailure;
}

export interface ProviderFailure {
  /** The provider's own error code (AccessDeniedException, AADSTS7000215, Forbidden, …). */
  code: string;
  /** The provider's own message, with any credential scrubbed out. */
  message: string;
  /** The permission the provider refused, when it says so (kms:ListKeys, keys/list, …). */
  permission?: string;
}

/**
 * A failure an adapter reports. `retryable`: the same call may succeed later (5xx, network,
 * throttling). `throttled`: the provider asked us to slow down; never shown as an error.
 */
export class ProviderError extends Error implements ProviderFailure {
  override readonly name = 'ProviderError';
  constructor(
    readonly code: string,
    message: string,
    readonly options: { retryable: boolean; throttled?: boolean; permission?: string } = { retryable: false },
  ) {
    super(message);
  }
  get retryable() {
    return this.options.retryable;
  }
  get throttled() {
    return this.options.throttled ?? false;
  }
  get permission() {
    return this.options.permission;
  }
}

/** A proof did not hold: the cloud's copy is not this version. Never retried silently. */
export class ProofMismatchError extends Error {
  override readonly name = 'ProofMismatchError';
}

export interface Proof {
  /** What was proven, in plain words (e.g. "GetPublicKey matches; KMS Sign RSASSA_PSS_SHA_256 verified locally"). */
  method: string;
}

export interface RemoteVersionState {
  version: number;
  remoteId: string;
  enabled: boolean;
  /** The provider's own state word (Enabled, Disabled, PendingImport, PendingDeletion, …). */
  state: string;
  /** When the provider will delete it, if scheduled. */
  deletionDate: Date | null;
}

export interface RemovalResult {
  /** When the provider deletes the copy for good (AWS: end of the pending window; Azure: scheduled purge). */
  deletionDate: Date | null;
  /** Plain words for the operator (e.g. "KMS key scheduled for deletion on 2027-01-01 (30 days)"). */
  detail: string;
}

export interface ProviderAdapter {
  readonly kind: ProviderKind;

  /** Harmless read-only calls that prove the settings and credentials work. Never throws. */
  testConnection(): Promise<ConnectionReport>;

  /**
   * Decides the remote name of a key in this provider (Azure: mapped to its alphabet, with a
   * suffix when another owner holds the name; AWS: the alias base), and prepares what every
   * version needs (Azure HSM: the key-exchange key). `recorded` is the name chosen earlier, if any.
   */
  prepareDistribution(dist: Omit<DistributionRef, 'remoteName'>, recorded: string | null): Promise<{ remoteName: string }>;

  /**
   * Finds the remote copy of a version by its tags (installation, key, version): used when an
   * earlier attempt's outcome is unknown, so a retry never creates a second copy.
   */
  locateVersion(dist: DistributionRef, version: number): Promise<string | null>;

  /**
   * Imports one version. `remoteId` is what was recorded before (resume from there); `onRemoteId`
   * is awaited as soon as the remote object exists, before any further step, so the caller
   * records it. Returns the remote id of the usable copy. Idempotent on a completed import.
   */
  importVersion(
    dist: DistributionRef,
    spec: VersionSpec,
    remoteId: string | null,
    onRemoteId: (remoteId: string) => Promise<void>,
  ): Promise<{ remoteId: string }>;

  /** Proves the remote copy is this version through the provider's public behaviour only. */
  proveVersion(dist: DistributionRef, spec: VersionSpec, remoteId: string): Promise<Proof>;

  /** Enables or disables one version's copy. Idempotent. */
  setVersionEnabled(dist: DistributionRef, version: number, remoteId: string, enabled: boolean): Promise<void>;

  /**
   * Points what applications use by default at `current` (AWS: alias/keywarden/<key> → the newest
   * enabled version; Azure: nothing, the newest version is the key's current one). null: no
   * enabled version, the pointer is removed.
   */
  pointCurrent(dist: DistributionRef, current: { version: number; remoteId: string } | null): Promise<void>;

  /** Schedules one version's copy for deletion (AWS: its alias and KMS key). Idempotent. */
  removeVersion(dist: DistributionRef, version: number, remoteId: string, options: { pendingWindowDays: number }): Promise<RemovalResult>;

  /** Removes what is key-wide once every version is removed (AWS: the main alias; Azure: deletes the key, purges when asked). */
  removeDistribution(dist: DistributionRef, options: { pendingWindowDays: number; purge: boolean }): Promise<RemovalResult>;

  /** What the provider holds of this key, read through its API (for tests and drift detection). */
  inspect(dist: DistributionRef): Promise<RemoteVersionState[]>;
}
