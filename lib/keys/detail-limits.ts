/** Bounds of a key's details (lib/keys/schemas.ts; CHECKs and column sizes in the migration). */
export const KEY_DETAIL_LIMITS = { description: 1000, owner: 128, tags: 20, tag: 64 } as const;
