import { blob, boolean, integer, list, required, string, stringMap, structure } from '../shapes';

/** Members that many operations share, with the model's constraints. */
export const KEY_ID = required(string({ min: 1, max: 2048 }));
export const OPTIONAL_KEY_ID = string({ min: 1, max: 2048 });
export const GRANT_TOKENS = list(string({ min: 1, max: 8192 }), { max: 10 });
export const MARKER = string({ min: 1, max: 1024, pattern: /^[\u0020-\u00FF]*$/ });
export const ENCRYPTION_CONTEXT = stringMap();
export const DRY_RUN = boolean();
export const limit = (max: number) => integer({ min: 1, max });
export const TAG_LIST = list(
  structure({
    TagKey: required(string({ min: 1, max: 128 })),
    TagValue: required(string({ min: 0, max: 256 })),
  }),
);
export const RECIPIENT = structure({
  KeyEncryptionAlgorithm: string({ enum: ['RSAES_OAEP_SHA_256'] }),
  AttestationDocument: blob({ min: 1, max: 262144 }),
});
