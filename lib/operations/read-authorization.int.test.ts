// Every read use case checks the caller's permission itself (routes and pages only pass the
// context): called directly, by a user holding no role or exactly one, it answers or refuses
// exactly as lib/auth/permissions.ts says, and each refusal is audited as that user's.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { countAwaitingDecision, getRequest, listRequests } from '@/lib/approvals/list-requests';
import { pendingRequestsForTarget } from '@/lib/approvals/requests-for-target';
import { listPolicies, setPolicy } from '@/lib/approvals/set-policy';
import { exportAuditEvents } from '@/lib/audit/export-events';
import { listAuditEvents } from '@/lib/audit/query-events';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { UseCaseContext } from '@/lib/auth/actor';
import { can, ROLES, type Permission, type Role } from '@/lib/auth/permissions';
import { getDb } from '@/lib/db/client';
import { distributeKey } from '@/lib/distribution/distribute-key';
import { getDistribution, listKeyDistributions, listProviderDistributions } from '@/lib/distribution/read-distributions';
import { DomainError } from '@/lib/errors';
import { createKey } from '@/lib/keys/create-key';
import { getKey } from '@/lib/keys/get-key';
import { getKeyOverview } from '@/lib/keys/key-overview';
import { listKeys } from '@/lib/keys/list-keys';
import { rotateKey } from '@/lib/keys/rotate-key';
import { createProvider } from '@/lib/providers/create-provider';
import { getProvider, listProviders } from '@/lib/providers/read-providers';
import { actorWith, done } from '@/lib/testing/actors';
import { listUsers } from '@/lib/users/list-users';

const suffix = randomBytes(3).toString('hex');
const key = `read-key-${suffix}`;
const provider = `read-provider-${suffix}`;
let requestId: string;

beforeAll(async () => {
  const admin = await actorWith(['operator', 'admin']);
  await done(createKey({ name: key, type: 'aes256-gcm96' }, admin));
  // A provider nobody listens on: only the database side of the distribution is read here.
  await done(createProvider({ name: provider, kind: 'awskms', keyCollection: 'eu-west-1', endpoint: 'http://127.0.0.1:9' }, admin));
  await done(distributeKey({ provider, key, purposes: ['encrypt', 'decrypt'], protection: 'hsm' }, admin));
  await setPolicy({ operation: 'key.rotate', requiredApprovals: 1, expiresAfterHours: 24 }, admin);
  const rotation = await rotateKey({ name: key }, admin);
  if (rotation.status !== 'requested') throw new Error('expected the rotation to wait for approval');
  requestId = rotation.request.id;
});

/** Each read use case, called as its route handler or page calls it, with the permission it needs. */
const READS: { name: string; permission: Permission; target?: string; read: (ctx: UseCaseContext) => Promise<unknown> }[] = [
  { name: 'getKey', permission: 'key.read', target: `key:${key}`, read: (ctx) => getKey({ name: key }, ctx) },
  { name: 'listKeys', permission: 'key.read', read: (ctx) => listKeys({ q: key }, ctx) },
  { name: 'getKeyOverview', permission: 'key.read', read: (ctx) => getKeyOverview(ctx) },
  { name: 'listKeyDistributions', permission: 'key.read', read: (ctx) => listKeyDistributions({ name: key }, ctx) },
  { name: 'listProviders', permission: 'provider.read', read: (ctx) => listProviders(ctx) },
  { name: 'getProvider', permission: 'provider.read', read: (ctx) => getProvider({ name: provider }, ctx) },
  { name: 'listProviderDistributions', permission: 'provider.read', read: (ctx) => listProviderDistributions({ name: provider }, ctx) },
  { name: 'getDistribution', permission: 'provider.read', read: (ctx) => getDistribution({ provider, key }, ctx) },
  { name: 'listRequests', permission: 'approval.read', read: (ctx) => listRequests({}, ctx) },
  { name: 'getRequest', permission: 'approval.read', read: (ctx) => getRequest(requestId, ctx) },
  { name: 'pendingRequestsForTarget', permission: 'approval.read', target: `key:${key}`, read: (ctx) => pendingRequestsForTarget(`key:${key}`, ctx) },
  { name: 'countAwaitingDecision', permission: 'approval.read', read: (ctx) => countAwaitingDecision(ctx) },
  { name: 'listAuditEvents', permission: 'audit.read', read: (ctx) => listAuditEvents({ target: `key:${key}` }, ctx) },
  { name: 'exportAuditEvents', permission: 'audit.export', read: async (ctx) => new Response(await exportAuditEvents({ target: `key:${key}` }, 'jsonl', ctx)).text() },
  { name: 'verifyAuditChain', permission: 'audit.verify', read: (ctx) => verifyAuditChain(ctx) },
  { name: 'listUsers', permission: 'user.read', read: (ctx) => listUsers(ctx) },
  { name: 'listPolicies', permission: 'policy.read', read: (ctx) => listPolicies(ctx) },
];

/** What each read returns to someone allowed: the data it exists to show. */
const SHOWS: Record<string, (result: never, roles: Role[]) => void> = {
  getKey: (k: { name: string }) => expect(k.name).toBe(key),
  listKeys: (page: { items: { name: string }[] }) => expect(page.items.map((k) => k.name)).toEqual([key]),
  getKeyOverview: (o: { totalKeys: number }) => expect(o.totalKeys).toBeGreaterThanOrEqual(1),
  listKeyDistributions: (ds: { provider: string }[]) => expect(ds.map((d) => d.provider)).toEqual([provider]),
  listProviders: (r: { providers: { name: string }[] }) => expect(r.providers.map((p) => p.name)).toContain(provider),
  getProvider: (p: { name: string }) => expect(p.name).toBe(provider),
  listProviderDistributions: (ds: { key: string }[]) => expect(ds.map((d) => d.key)).toEqual([key]),
  getDistribution: (d: { key: string; provider: string }) => expect(d).toMatchObject({ key, provider }),
  listRequests: (r: { items: { id: string }[] }) => expect(r.items.map((i) => i.id)).toContain(requestId),
  getRequest: (r: { id: string }) => expect(r.id).toBe(requestId),
  pendingRequestsForTarget: (rs: { id: string }[]) => expect(rs.map((r) => r.id)).toEqual([requestId]),
  // Whether an approver may decide a given request is lib/approvals' own test; here: a count, 0 unless one may decide.
  countAwaitingDecision: (n: number, roles) => (can(roles, 'approval.decide') ? expect(n).toBeGreaterThanOrEqual(0) : expect(n).toBe(0)),
  listAuditEvents: (r: { items: { target: string }[] }) => expect(r.items.length).toBeGreaterThan(0),
  exportAuditEvents: (text: string) => expect(text).toContain(`"target":"key:${key}"`),
  verifyAuditChain: (r: { ok: boolean }) => expect(r.ok).toBe(true),
  listUsers: (users: unknown[]) => expect(users.length).toBeGreaterThan(0),
  listPolicies: (policies: { operation: string }[]) => expect(policies.map((p) => p.operation)).toContain('key.rotate'),
};

describe('every read authorizes its caller itself', () => {
  for (const { name, permission, target, read } of READS) {
    for (const roles of [[], ...ROLES.map((r) => [r])] as Role[][]) {
      const who = roles[0] ? `${/^[aeiou]/.test(roles[0]) ? 'an' : 'a'} ${roles[0]}` : 'a user without roles';
      const allowed = can(roles, permission);
      it(`${name} by ${who} is ${allowed ? 'answered' : 'refused and audited'}`, async () => {
        const ctx = await actorWith(roles);
        const outcome = await read(ctx).then(
          (result) => ({ result }),
          (err: unknown) => ({ err }),
        );
        if (allowed) {
          expect(outcome).not.toHaveProperty('err');
          SHOWS[name]!((outcome as { result: never }).result, roles);
          return;
        }
        expect(outcome).toEqual({ err: expect.any(DomainError) });
        expect((outcome as { err: DomainError }).err.code).toBe('forbidden');
        const refusals = await getDb().auditEvent.findMany({ where: { actorName: ctx.actor.username } });
        expect(refusals).toEqual([
          expect.objectContaining({ action: permission, outcome: 'denied', reason: expect.stringMatching(/^forbidden:/), ...(target && { target }) }),
        ]);
      });
    }
  }

  it('covers every read permission in the table', () => {
    const reads = ['key.read', 'provider.read', 'approval.read', 'audit.read', 'audit.export', 'audit.verify', 'user.read', 'policy.read'];
    expect(new Set(READS.map((r) => r.permission))).toEqual(new Set(reads));
  });
});
