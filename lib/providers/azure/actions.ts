import 'server-only';

/** Key Vault REST operations the adapter calls, with the key permission each needs (access policies: keys/<permission>). */
export const KEY_PERMISSIONS = {
  GetKeys: 'list',
  GetKeyVersions: 'list',
  GetKey: 'get',
  CreateKey: 'create',
  ImportKey: 'import',
  UpdateKey: 'update',
  DeleteKey: 'delete',
  GetDeletedKey: 'get',
  RecoverDeletedKey: 'recover',
  PurgeDeletedKey: 'purge',
  Sign: 'sign',
  Verify: 'verify',
  Encrypt: 'encrypt',
  Decrypt: 'decrypt',
  WrapKey: 'wrapKey',
  UnwrapKey: 'unwrapKey',
} as const;

export type KeyAction = keyof typeof KEY_PERMISSIONS;
