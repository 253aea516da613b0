import { randomBytes } from 'node:crypto';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  ListAliasesCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
  VerifyCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { importMaterial, kmsClient, kmsError, localCiphertext, startEmulator, wrapKeyMaterial } from './helpers';

/**
 * Every operation in every non-Enabled state, as the reference's key-state table has it.
 * Keys of kind "symmetric" and "ecc" are AWS_KMS keys (EXTERNAL ones where the state is
 * PendingImport); "external" keys are EXTERNAL symmetric keys, for the import operations.
 */
type State = 'Disabled' | 'PendingImport' | 'PendingDeletion';
type Kind = 'symmetric' | 'ecc' | 'external';
type Expected = 'ok' | readonly [string, string];

interface TestKey {
  id: string;
  arn: string;
  alias: string;
  material?: Buffer;
  ciphertext?: Uint8Array;
  signature?: Uint8Array;
}

const DISABLED = ['DisabledException', 'is disabled.'] as const;
const PENDING_IMPORT = ['KMSInvalidStateException', 'is pending import.'] as const;
const PENDING_DELETION = ['KMSInvalidStateException', 'is pending deletion.'] as const;
const NOT_PENDING_DELETION = ['KMSInvalidStateException', 'is not pending deletion.'] as const;

const USE: Record<State, Expected> = { Disabled: DISABLED, PendingImport: PENDING_IMPORT, PendingDeletion: PENDING_DELETION };
const TOGGLE: Record<State, Expected> = { Disabled: 'ok', PendingImport: PENDING_IMPORT, PendingDeletion: PENDING_DELETION };
const SCHEDULE: Record<State, Expected> = { Disabled: 'ok', PendingImport: 'ok', PendingDeletion: PENDING_DELETION };
const CANCEL: Record<State, Expected> = {
  Disabled: NOT_PENDING_DELETION,
  PendingImport: NOT_PENDING_DELETION,
  PendingDeletion: 'ok',
};
const MANAGE: Record<State, Expected> = { Disabled: 'ok', PendingImport: 'ok', PendingDeletion: PENDING_DELETION };
const ANY: Record<State, Expected> = { Disabled: 'ok', PendingImport: 'ok', PendingDeletion: 'ok' };

interface Case {
  operation: string;
  kind: Kind;
  expected: Record<State, Expected>;
  /** The call changes the key, so it gets a key of its own. */
  fresh?: boolean;
  run(kms: KMSClient, key: TestKey, state: State, helpers: { symmetricTarget: string }): Promise<unknown>;
}

const CASES: Case[] = [
  { operation: 'Encrypt', kind: 'symmetric', expected: USE, run: (kms, k) => kms.send(new EncryptCommand({ KeyId: k.id, Plaintext: Buffer.from('x') })) },
  { operation: 'Decrypt', kind: 'symmetric', expected: USE, run: (kms, k) => kms.send(new DecryptCommand({ CiphertextBlob: k.ciphertext })) },
  {
    operation: 'GenerateDataKey',
    kind: 'symmetric',
    expected: USE,
    run: (kms, k) => kms.send(new GenerateDataKeyCommand({ KeyId: k.id, KeySpec: 'AES_256' })),
  },
  {
    operation: 'Sign',
    kind: 'ecc',
    expected: USE,
    run: (kms, k) => kms.send(new SignCommand({ KeyId: k.id, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' })),
  },
  {
    operation: 'Verify',
    kind: 'ecc',
    expected: USE,
    run: (kms, k) =>
      kms.send(new VerifyCommand({ KeyId: k.id, Message: Buffer.from('m'), Signature: k.signature, SigningAlgorithm: 'ECDSA_SHA_256' })),
  },
  { operation: 'GetPublicKey', kind: 'ecc', expected: USE, run: (kms, k) => kms.send(new GetPublicKeyCommand({ KeyId: k.id })) },
  { operation: 'EnableKey', kind: 'symmetric', expected: TOGGLE, fresh: true, run: (kms, k) => kms.send(new EnableKeyCommand({ KeyId: k.id })) },
  { operation: 'DisableKey', kind: 'symmetric', expected: TOGGLE, run: (kms, k) => kms.send(new DisableKeyCommand({ KeyId: k.id })) },
  {
    operation: 'ScheduleKeyDeletion',
    kind: 'symmetric',
    expected: SCHEDULE,
    fresh: true,
    run: (kms, k) => kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.id, PendingWindowInDays: 7 })),
  },
  {
    operation: 'CancelKeyDeletion',
    kind: 'symmetric',
    expected: CANCEL,
    fresh: true,
    run: (kms, k) => kms.send(new CancelKeyDeletionCommand({ KeyId: k.id })),
  },
  {
    operation: 'CreateAlias',
    kind: 'symmetric',
    expected: MANAGE,
    run: (kms, k) => kms.send(new CreateAliasCommand({ AliasName: `alias/another-${k.id}`, TargetKeyId: k.id })),
  },
  {
    operation: 'UpdateAlias',
    kind: 'symmetric',
    expected: MANAGE,
    async run(kms, k, _state, { symmetricTarget }) {
      const name = `alias/moving-${k.id}`;
      await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: symmetricTarget }));
      return kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: k.id }));
    },
  },
  {
    operation: 'TagResource',
    kind: 'symmetric',
    expected: MANAGE,
    run: (kms, k) => kms.send(new TagResourceCommand({ KeyId: k.id, Tags: [{ TagKey: 'a', TagValue: 'b' }] })),
  },
  { operation: 'UntagResource', kind: 'symmetric', expected: MANAGE, run: (kms, k) => kms.send(new UntagResourceCommand({ KeyId: k.id, TagKeys: ['a'] })) },
  {
    operation: 'UpdateKeyDescription',
    kind: 'symmetric',
    expected: MANAGE,
    run: (kms, k) => kms.send(new UpdateKeyDescriptionCommand({ KeyId: k.id, Description: 'changed' })),
  },
  {
    operation: 'GetParametersForImport',
    kind: 'external',
    expected: MANAGE,
    run: (kms, k) =>
      kms.send(new GetParametersForImportCommand({ KeyId: k.id, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
  },
  {
    operation: 'ImportKeyMaterial',
    kind: 'external',
    expected: MANAGE,
    fresh: true,
    async run(kms, k, state) {
      if (state === 'PendingDeletion') {
        // GetParametersForImport is refused too; the state is checked before the token.
        return kms.send(
          new ImportKeyMaterialCommand({ KeyId: k.id, ImportToken: randomBytes(64), EncryptedKeyMaterial: randomBytes(256), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
        );
      }
      const params = await kms.send(
        new GetParametersForImportCommand({ KeyId: k.id, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
      );
      return kms.send(
        new ImportKeyMaterialCommand({
          KeyId: k.id,
          ImportToken: params.ImportToken,
          EncryptedKeyMaterial: wrapKeyMaterial('RSAES_OAEP_SHA_256', params.PublicKey!, k.material ?? randomBytes(32)),
          ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        }),
      );
    },
  },
  { operation: 'DescribeKey', kind: 'symmetric', expected: ANY, run: (kms, k) => kms.send(new DescribeKeyCommand({ KeyId: k.id })) },
  { operation: 'ListResourceTags', kind: 'symmetric', expected: ANY, run: (kms, k) => kms.send(new ListResourceTagsCommand({ KeyId: k.id })) },
  { operation: 'ListAliases', kind: 'symmetric', expected: ANY, run: (kms, k) => kms.send(new ListAliasesCommand({ KeyId: k.id })) },
  { operation: 'DeleteAlias', kind: 'symmetric', expected: ANY, run: (kms, k) => kms.send(new DeleteAliasCommand({ AliasName: k.alias })) },
  {
    operation: 'DeleteImportedKeyMaterial',
    kind: 'external',
    expected: ANY,
    fresh: true,
    run: (kms, k) => kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: k.id })),
  },
];

describe('key states', () => {
  let emulator: AwsKmsEmulator;
  let kms: KMSClient;
  let symmetricTarget: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    kms = kmsClient(emulator.url);
    symmetricTarget = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  });
  afterAll(() => emulator.close());

  async function keyIn(kind: Kind, state: State): Promise<TestKey> {
    const external = kind === 'external' || state === 'PendingImport';
    const ecc = kind === 'ecc';
    const metadata = (
      await kms.send(
        new CreateKeyCommand({
          ...(external && { Origin: 'EXTERNAL' }),
          ...(ecc && { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
        }),
      )
    ).KeyMetadata!;
    const key: TestKey = { id: metadata.KeyId!, arn: metadata.Arn!, alias: `alias/state-${metadata.KeyId}` };
    await kms.send(new CreateAliasCommand({ AliasName: key.alias, TargetKeyId: key.id }));
    if (kind === 'external' && state !== 'PendingImport' && state !== 'PendingDeletion') {
      key.material = randomBytes(32);
      await importMaterial(kms, key.id, key.material, { algorithm: 'RSAES_OAEP_SHA_256' });
    }
    if (external && !ecc) key.ciphertext ??= localCiphertext(randomBytes(32), key.id, Buffer.from('x'));
    if (!external && !ecc) key.ciphertext = (await kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: Buffer.from('x') }))).CiphertextBlob;
    if (ecc) {
      key.signature = external
        ? randomBytes(72)
        : (await kms.send(new SignCommand({ KeyId: key.id, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature;
    }
    if (state === 'Disabled') await kms.send(new DisableKeyCommand({ KeyId: key.id }));
    if (state === 'PendingDeletion') await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.id, PendingWindowInDays: 7 }));
    const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.id }))).KeyMetadata!;
    expect(described.KeyState).toBe(state);
    return key;
  }

  for (const state of ['Disabled', 'PendingImport', 'PendingDeletion'] as const) {
    describe(`a ${state} key`, () => {
      const shared = new Map<Kind, TestKey>();
      beforeAll(async () => {
        for (const kind of ['symmetric', 'ecc', 'external'] as const) shared.set(kind, await keyIn(kind, state));
      });

      for (const testCase of CASES) {
        const expected = testCase.expected[state];
        const outcome = expected === 'ok' ? 'is allowed' : `fails with ${expected[0]}`;
        it(`${testCase.operation} ${outcome}`, async () => {
          const key = testCase.fresh ? await keyIn(testCase.kind, state) : shared.get(testCase.kind)!;
          const call = testCase.run(kms, key, state, { symmetricTarget });
          if (expected === 'ok') {
            await expect(call).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
          } else {
            expect(await kmsError(call)).toMatchObject({ name: expected[0], message: `${key.arn} ${expected[1]}` });
          }
        });
      }
    });
  }
});
