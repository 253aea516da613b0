import { PERMISSIONS } from '@/lib/auth/permissions';

/**
 * Every action the audit log records: the permission-checked operations (their refusals are
 * recorded under the same name) and the events written outside them. A new recordEvent action
 * joins this list, or the audit filter refuses it as unknown.
 */
const OTHER_EVENTS = [
  'key.update_settings',
  'approval.cancel',
  'approval.expire',
  'auth.sign_in',
  'auth.sign_out',
  'auth.sign_out_everywhere',
  'distribution.version_imported',
  'distribution.version_removed',
  'role.check',
  'seal.migrate',
  'seal.rewrap_done',
  'seal.rotate_root_key',
] as const;

export const AUDIT_ACTIONS: readonly string[] = [...new Set([...Object.keys(PERMISSIONS), ...OTHER_EVENTS])].sort();

/** "key." selects every key action. */
export const AUDIT_ACTION_PREFIXES: readonly string[] = [...new Set(AUDIT_ACTIONS.map((a) => `${a.split('.')[0]}.`))];

export const isAuditAction = (value: string) => AUDIT_ACTIONS.includes(value) || AUDIT_ACTION_PREFIXES.includes(value);
