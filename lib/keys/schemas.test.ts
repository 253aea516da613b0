import { describe, expect, it } from 'vitest';
import { createKeyInput, keyName, listKeysQuery, updateKeyConfigInput } from './schemas';
import { isVersionEnabled } from './views';
import { isAsymmetric, KEY_TYPE_NAMES } from './key-types';

describe('key names', () => {
  it.each(['a', 'payments-2026', 'A_b-C', 'x'.repeat(128), '0'])('accepts %s', (name) => {
    expect(keyName.safeParse(name).success).toBe(true);
  });
  it.each(['', ' ', 'has space', 'dot.name', 'slash/name', 'ünïcode', 'x'.repeat(129), 'semi;colon'])('refuses %j', (name) => {
    expect(keyName.safeParse(name).success).toBe(false);
  });
});

describe('key types', () => {
  it('are exactly the seven Vault keymgmt types Keywarden generates', () => {
    expect(KEY_TYPE_NAMES).toEqual(['aes256-gcm96', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521']);
    expect(KEY_TYPE_NAMES.filter(isAsymmetric)).toHaveLength(6);
  });
  it('refuses anything else', () => {
    for (const type of ['rsa-1024', 'aes128-gcm96', 'RSA-2048', 'ecdsa-p224', '']) {
      expect(createKeyInput.safeParse({ name: 'k', type }).success).toBe(false);
    }
  });
});

describe('version settings', () => {
  it('parse whole numbers from forms and refuse anything else', () => {
    expect(updateKeyConfigInput.parse({ name: 'k', minEnabledVersion: '3' }).minEnabledVersion).toBe(3);
    expect(updateKeyConfigInput.parse({ name: 'k', minEnabledVersion: 0 }).minEnabledVersion).toBe(0);
    for (const v of ['-1', '1.5', '1e3', 'abc', '', -1, 2.5, '99999999999']) {
      expect(updateKeyConfigInput.safeParse({ name: 'k', minEnabledVersion: v }).success).toBe(false);
    }
  });
  it('parse deletion_allowed from form values', () => {
    expect(updateKeyConfigInput.parse({ name: 'k', deletionAllowed: 'true' }).deletionAllowed).toBe(true);
    expect(updateKeyConfigInput.parse({ name: 'k', deletionAllowed: 'false' }).deletionAllowed).toBe(false);
    expect(updateKeyConfigInput.safeParse({ name: 'k', deletionAllowed: 'yes please' }).success).toBe(false);
  });
  it('need at least one setting', () => {
    expect(updateKeyConfigInput.safeParse({ name: 'k' }).success).toBe(false);
  });
  it('follow Vault: 0 enables every version, N disables those below N', () => {
    expect([1, 2, 3].map((v) => isVersionEnabled(v, 0))).toEqual([true, true, true]);
    expect([1, 2, 3].map((v) => isVersionEnabled(v, 2))).toEqual([false, true, true]);
  });
});

describe('list query', () => {
  it('falls back to defaults for values a URL can carry but the list cannot use', () => {
    expect(listKeysQuery.parse({ sort: 'evil', dir: 'up', page: '0', pageSize: 'all', type: 'x' })).toEqual({
      q: undefined,
      type: undefined,
      sort: 'name',
      dir: 'asc',
      page: 1,
      pageSize: 25,
    });
  });
});
