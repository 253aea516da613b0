import { aliasArn, type Context } from '../context';
import { KmsError, notFound, validationError } from '../errors';
import { keyFor, resolveKey } from '../key-access';
import { keyType } from '../key-specs';
import { required, string } from '../shapes';
import type { AliasRecord } from '../state';
import { MARKER, OPTIONAL_KEY_ID, limit } from './fields';
import { aliasEntry } from './metadata';
import { operation } from './operation';
import { paginate } from './paging';

const ALIAS_NAME = required(string({ min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ }));
const TARGET_KEY_ID = required(string({ min: 1, max: 2048 }));

function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) {
    throw validationError(
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
  }
  // alias/aws/ names belong to AWS managed keys.
  if (name.startsWith('alias/aws/')) throw new KmsError('NotAuthorizedException');
  if (name.includes(':')) throw validationError(`${name} contains invalid characters for an alias`);
}

function checkTarget(targetKeyId: string): void {
  if (targetKeyId.startsWith('alias/') || /^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(targetKeyId)) {
    throw validationError('Aliases must refer to keys. Not aliases');
  }
}

function existingAlias(ctx: Context, name: string): AliasRecord {
  const alias = ctx.store.alias(ctx.region, name);
  if (!alias) throw notFound(`Alias ${aliasArn(ctx, name)} is not found.`);
  return alias;
}

export const aliasOperations = {
  CreateAlias: operation({
    input: { AliasName: ALIAS_NAME, TargetKeyId: TARGET_KEY_ID },
    mutates: true,
    handle(ctx, input) {
      checkAliasName(input.AliasName);
      checkTarget(input.TargetKeyId);
      if (ctx.store.alias(ctx.region, input.AliasName)) {
        throw new KmsError('AlreadyExistsException', `An alias with the name ${aliasArn(ctx, input.AliasName)} already exists`);
      }
      const key = keyFor(ctx, 'CreateAlias', input.TargetKeyId);
      ctx.store.putAlias({
        name: input.AliasName,
        region: ctx.region,
        targetKeyId: key.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
      return {};
    },
  }),

  UpdateAlias: operation({
    input: { AliasName: ALIAS_NAME, TargetKeyId: TARGET_KEY_ID },
    mutates: true,
    handle(ctx, input) {
      checkAliasName(input.AliasName);
      checkTarget(input.TargetKeyId);
      const alias = existingAlias(ctx, input.AliasName);
      const key = keyFor(ctx, 'UpdateAlias', input.TargetKeyId);
      const current = ctx.store.key(ctx.region, alias.targetKeyId);
      if (current && (keyType(current.spec) !== keyType(key.spec) || current.usage !== key.usage)) {
        throw validationError(
          `${input.AliasName} cannot be associated with ${key.id}: the current and new KMS key must be the same type (symmetric, asymmetric or HMAC) and have the same key usage.`,
        );
      }
      alias.targetKeyId = key.id;
      alias.updatedAt = ctx.now;
      return {};
    },
  }),

  DeleteAlias: operation({
    input: { AliasName: ALIAS_NAME },
    mutates: true,
    handle(ctx, input) {
      checkAliasName(input.AliasName);
      existingAlias(ctx, input.AliasName);
      ctx.store.deleteAlias(ctx.region, input.AliasName);
      return {};
    },
  }),

  ListAliases: operation({
    input: { KeyId: OPTIONAL_KEY_ID, Limit: limit(100), Marker: MARKER },
    mutates: false,
    handle(ctx, input) {
      const keyId = input.KeyId === undefined ? undefined : resolveKey(ctx, input.KeyId).id;
      const aliases = ctx.store.aliasesIn(ctx.region).filter((a) => keyId === undefined || a.targetKeyId === keyId);
      const { page, ...rest } = paginate(aliases, (a) => a.name, 'aliases', input.Limit ?? 50, input.Marker);
      return { Aliases: page.map((a) => aliasEntry(ctx, a)), ...rest };
    },
  }),
};
