import { aliasArn, keyArn, type Context } from './context';
import type { Principal } from './credentials';
import { KmsError } from './errors';
import { OPERATIONS } from './operations';

/**
 * Refused KMS actions per caller: an access key id (static or issued session) or a role ARN
 * (every session of the role) → actions such as "kms:CreateKey" or "kms:*".
 */
export type DenySettings = Record<string, string[]>;

function checkAction(action: unknown): string {
  if (typeof action !== 'string' || !/^kms:/.test(action)) throw new Error(`action "${String(action)}" must look like kms:<Operation>`);
  const operation = action.slice('kms:'.length);
  if (operation !== '*' && !Object.hasOwn(OPERATIONS, operation)) throw new Error(`unknown action "${action}" (use kms:<Operation> or kms:*)`);
  return action;
}

/** Validates settings given as an object of caller → list of actions. */
export function denySettings(value: unknown): DenySettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('deny must be an object of access key id (or role ARN) to a list of actions');
  }
  const settings: DenySettings = {};
  for (const [caller, actions] of Object.entries(value)) {
    if (!Array.isArray(actions)) throw new Error(`deny for ${caller} must be a list of actions`);
    settings[caller] = actions.map(checkAction);
  }
  return settings;
}

/** Parses the CLI form CALLER:kms:A[,kms:B...], e.g. AKIAEXAMPLE:kms:CreateKey,kms:ListAliases. */
export function parseDeny(spec: string): DenySettings {
  const at = spec.indexOf(':kms:');
  if (at <= 0) throw new Error(`deny "${spec}" must look like ACCESS_KEY_ID:kms:Action[,kms:Action...]`);
  return denySettings({ [spec.slice(0, at)]: spec.slice(at + 1).split(',') });
}

export function mergeDenySettings(base: DenySettings, ...more: DenySettings[]): DenySettings {
  const merged: DenySettings = { ...base };
  for (const [caller, actions] of more.flatMap((m) => Object.entries(m))) {
    merged[caller] = [...new Set([...(merged[caller] ?? []), ...actions])];
  }
  return merged;
}

export class Permissions {
  private settings: DenySettings = {};

  set(settings: DenySettings): void {
    this.settings = { ...settings };
  }

  merge(settings: DenySettings): void {
    this.settings = mergeDenySettings(this.settings, settings);
  }

  view(): { deny: DenySettings } {
    return { deny: { ...this.settings } };
  }

  refuses(callerNames: string[], operation: string): boolean {
    return callerNames.some((name) => this.settings[name]?.some((a) => a === 'kms:*' || a === `kms:${operation}`) ?? false);
  }
}

const WITHOUT_RESOURCE = new Set(['CreateKey', 'ListKeys', 'ListAliases', 'GenerateRandom']);
const ALIAS_OPERATIONS = new Set(['CreateAlias', 'UpdateAlias', 'DeleteAlias']);

/** The ARN IAM would name: the key (an alias resolved where it exists), the alias, or "*". */
export function resourceOf(ctx: Context, operation: string, raw: Record<string, unknown>): string {
  if (WITHOUT_RESOURCE.has(operation)) return '*';
  if (ALIAS_OPERATIONS.has(operation) && typeof raw.AliasName === 'string') return aliasArn(ctx, raw.AliasName);
  const named = raw.KeyId ?? raw.TargetKeyId;
  if (typeof named !== 'string') return '*';
  const alias = /^alias\//.test(named) ? named : /^arn:[^:]+:kms:[^:]*:[^:]*:(alias\/.+)$/.exec(named)?.[1];
  if (alias !== undefined) {
    const target = ctx.store.alias(ctx.region, alias)?.targetKeyId;
    return target ? keyArn(ctx, target) : aliasArn(ctx, alias);
  }
  return named.startsWith('arn:') ? named : keyArn(ctx, named);
}

export const accessDenied = (principal: Principal, operation: string, resource: string) =>
  new KmsError(
    'AccessDeniedException',
    `User: ${principal.arn} is not authorized to perform: kms:${operation} on resource: ${resource} because no identity-based policy allows the kms:${operation} action`,
  );
