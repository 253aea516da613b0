/**
 * Who may do what: the one permission table. Every operation, read or write, is checked on the
 * server against it (lib/auth/authorize.ts, lib/auth/session.ts); the UI only mirrors it.
 */
export const ROLES = ['viewer', 'operator', 'approver', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'Reads keys, versions and approval requests (never key material: nobody reads that).',
  operator: 'Creates, rotates, configures and deletes keys; distributes them to providers and removes them; withdraws their own approval requests.',
  approver: 'Approves or denies approval requests of others.',
  auditor: 'Reads, exports and verifies the audit log.',
  admin: 'Manages users, roles, approval policies and providers.',
};

const READERS: Role[] = ['viewer', 'operator', 'approver', 'auditor', 'admin'];

export const PERMISSIONS = {
  'key.read': READERS,
  'key.create': ['operator'],
  'key.rotate': ['operator'],
  'key.raise_min_enabled_version': ['operator'],
  'key.lower_min_enabled_version': ['operator'],
  'key.set_deletion_allowed': ['operator'],
  'key.update_details': ['operator'],
  'key.delete': ['operator'],
  'key.distribute': ['operator'],
  'key.remove_from_provider': ['operator'],
  'distribution.retry': ['operator'],
  'provider.read': READERS,
  'provider.create': ['admin'],
  'provider.update': ['admin'],
  'provider.delete': ['admin'],
  'provider.test': ['admin', 'operator'],
  'approval.read': READERS,
  'approval.decide': ['approver'],
  'approval.withdraw': ['operator'],
  'audit.read': ['auditor', 'admin'],
  'audit.export': ['auditor'],
  'audit.verify': ['auditor', 'admin'],
  'user.read': ['admin'],
  'user.create': ['admin'],
  'user.set_roles': ['admin'],
  'user.set_disabled': ['admin'],
  'user.reset_password': ['admin'],
  'policy.read': ['admin', 'approver', 'operator'],
  'policy.set': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(roles: readonly string[], permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly string[]).some((role) => roles.includes(role));
}
