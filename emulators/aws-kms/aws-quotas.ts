/**
 * AWS KMS's default request quotas (requests per second, per account and region) for the
 * operations this emulator serves, as the AWS KMS Developer Guide's "Request quotas" table lists
 * them (https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html, read
 * 2026-12-01). README.md's *Quotas* section repeats the table and the decisions taken on it.
 *
 * Keys are quota names: an operation name for an operation with a quota of its own, or one of
 * the shared cryptographic quotas (symmetric, rsa, ecc); "<name>@<region>" holds a region's value
 * where AWS's default differs by region.
 */
export const AWS_QUOTA_SOURCE = 'https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html';

const SYMMETRIC_20K_REGIONS = ['us-east-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'eu-central-1', 'eu-west-2'];
const SYMMETRIC_100K_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

export const AWS_QUOTAS: Readonly<Record<string, number>> = {
  symmetric: 10_000,
  ...Object.fromEntries(SYMMETRIC_20K_REGIONS.map((region) => [`symmetric@${region}`, 20_000])),
  ...Object.fromEntries(SYMMETRIC_100K_REGIONS.map((region) => [`symmetric@${region}`, 100_000])),
  rsa: 1_000,
  ecc: 1_000,
  CancelKeyDeletion: 5,
  CreateAlias: 5,
  CreateKey: 5,
  DeleteAlias: 15,
  DeleteImportedKeyMaterial: 15,
  DescribeKey: 2_000,
  DisableKey: 5,
  EnableKey: 5,
  GetParametersForImport: 1,
  GetPublicKey: 2_000,
  ImportKeyMaterial: 15,
  ListAliases: 500,
  ListKeys: 500,
  ListResourceTags: 2_000,
  ScheduleKeyDeletion: 15,
  TagResource: 10,
  UntagResource: 5,
  UpdateAlias: 5,
  UpdateKeyDescription: 5,
};
