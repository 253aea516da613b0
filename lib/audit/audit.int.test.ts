import { beforeAll, describe, expect, it } from 'vitest';
import { decideRequest } from '@/lib/approvals/decide-request';
import { expireRequests } from '@/lib/approvals/expire-requests';
import { setPolicy } from '@/lib/approvals/set-policy';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authenticate } from '@/lib/auth/authenticate';
import { hashPassword } from '@/lib/auth/password';
import { getDb } from '@/lib/db/client';
import { createKey } from '@/lib/keys/create-key';
import { deleteKey } from '@/lib/keys/delete-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { updateKeyConfig } from '@/lib/keys/update-key-config';
import { actorWith, done } from '@/lib/testing/actors';
import { ownerDb } from '@/lib/testing/owner-db';
import { createUser } from '@/lib/users/create-user';
import { resetPassword, setDisabled, setRoles } from '@/lib/users/update-user';
import { exportAuditEvents } from './export-events';
import { listAuditEvents } from './query-events';
import { checkChain, verifyAuditChain } from './verify-chain';

let admin: UseCaseContext;
let approver: UseCaseContext;
beforeAll(async () => {
  admin = await actorWith(['viewer', 'operator', 'auditor', 'admin'], 'audit-admin');
  approver = await actorWith(['approver'], 'audit-approver');
});

const verify = () => getDb().$transaction((tx) => checkChain(tx));

/** Runs `sql` with the append-only triggers off, as someone holding the owner's rights would. */
async function tamper(sql: string) {
  await ownerDb().$transaction([
    ownerDb().$executeRawUnsafe('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete'),
    ownerDb().$executeRawUnsafe(sql),
    ownerDb().$executeRawUnsafe('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete'),
  ]);
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

describe('the audit log', () => {
  it('records an event for every kind of operation, without secrets', async () => {
    const password = 'a-very-secret-passphrase';
    await done(createUser({ username: 'audited', password, roles: ['viewer'] }, admin));
    await done(setRoles({ username: 'audited', roles: ['viewer', 'operator'] }, admin));
    await done(resetPassword({ username: 'audited', password: `${password}-2` }, admin));
    await done(setDisabled({ username: 'audited', disabled: true }, admin));
    await getDb().user.create({ data: { username: 'signer', passwordHash: await hashPassword(password) } });
    await authenticate({ username: 'signer', password });
    await authenticate({ username: 'signer', password: 'wrong' });
    await done(setPolicy({ operation: 'key.rotate', requiredApprovals: 0, expiresAfterHours: 48 }, admin));
    await done(createKey({ name: 'story', type: 'aes256-gcm96' }, admin));
    await done(rotateKey({ name: 'story' }, admin));
    await updateKeyConfig({ name: 'story', deletionAllowed: true }, admin);
    const [raise] = await updateKeyConfig({ name: 'story', minEnabledVersion: 2 }, admin);
    const raiseRequest = raise!.outcome.status === 'requested' ? raise!.outcome.request : null;
    await decideRequest({ requestId: raiseRequest!.id, decision: 'approve' }, approver);
    await updateKeyConfig({ name: 'story', minEnabledVersion: 1 }, admin);
    const del = await deleteKey({ name: 'story' }, admin);
    await getDb().approvalRequest.update({ where: { id: del.status === 'requested' ? del.request.id : '' }, data: { expiresAt: new Date(0) } });
    await expireRequests();
    await createKey({ name: 'bad name', type: 'aes256-gcm96' }, admin).catch(() => {});
    await readAll(await exportAuditEvents({}, 'csv', admin));
    await verifyAuditChain(admin);

    const events = await getDb().auditEvent.findMany({ orderBy: { seq: 'asc' } });
    const kinds = new Set(events.map((e) => `${e.action}:${e.outcome}`));
    for (const kind of [
      'user.create:succeeded', 'user.set_roles:succeeded', 'user.reset_password:succeeded', 'user.set_disabled:succeeded',
      'auth.sign_in:succeeded', 'auth.sign_in:denied', 'policy.set:succeeded',
      'key.create:succeeded', 'key.rotate:succeeded', 'key.set_deletion_allowed:succeeded',
      'key.raise_min_enabled_version:requested', 'approval.decide:succeeded', 'key.raise_min_enabled_version:succeeded',
      'key.lower_min_enabled_version:succeeded', 'key.delete:requested', 'approval.expire:succeeded',
      'key.create:denied', 'audit.export:succeeded', 'audit.verify:succeeded',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const everything = JSON.stringify(events, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(everything).not.toContain(password);
    const created = events.find((e) => e.action === 'user.create')!;
    expect(created).toMatchObject({ actorName: 'audit-admin', target: 'user:audited', ip: '203.0.113.7', userAgent: 'vitest' });
    expect(created.actorRoles).toEqual(['admin', 'auditor', 'operator', 'viewer']);
    expect(created.requestId).toMatch(/^test-/);
    expect((await verify()).ok).toBe(true);
  });

  it('fails closed: when the event cannot be written, the change does not happen', async () => {
    await ownerDb().$executeRawUnsafe(`
      CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$;
      CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_audit();`);
    try {
      await expect(createKey({ name: 'unaudited', type: 'aes256-gcm96' }, admin)).rejects.toThrow();
      await expect(createUser({ username: 'unaudited', password: 'long-enough-password', roles: [] }, admin)).rejects.toThrow();
    } finally {
      await ownerDb().$executeRawUnsafe('DROP TRIGGER refuse_audit ON audit_events; DROP FUNCTION refuse_audit();');
    }
    expect(await getDb().key.count({ where: { name: 'unaudited' } })).toBe(0);
    expect(await getDb().user.count({ where: { username: 'unaudited' } })).toBe(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    // Even to the owner (the application role has no such privilege: lib/db/roles.int.test.ts).
    await expect(ownerDb().$executeRawUnsafe(`UPDATE audit_events SET reason = 'x'`)).rejects.toThrow(/append-only/);
    await expect(ownerDb().$executeRawUnsafe('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    await expect(ownerDb().$executeRawUnsafe('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
  });

  it('stays one unbroken chain under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => createKey({ name: `burst-${i}`, type: 'aes256-gcm96' }, admin)));
    const report = await verify();
    expect(report).toMatchObject({ ok: true, firstBroken: null });
    const head = await getDb().auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
    expect(BigInt(report.checked)).toBe(head.seq);
  });

  it('verification finds the first modified event, and a removed one', async () => {
    expect((await verify()).ok).toBe(true);
    const target = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'key.create' }, orderBy: { seq: 'asc' } });
    const later = await getDb().auditEvent.findFirstOrThrow({ where: { seq: { gt: target.seq + 3n } }, orderBy: { seq: 'asc' } });
    await tamper(`UPDATE audit_events SET actor_name = 'someone-else' WHERE seq = ${later.seq}`);
    await tamper(`UPDATE audit_events SET outcome = 'denied' WHERE seq = ${target.seq}`);
    expect(await verify()).toMatchObject({
      ok: false,
      firstBroken: { seq: target.seq.toString(), reason: `event #${target.seq} was modified: its content does not match its hash` },
      brokenCount: 2,
    });
    await tamper(`UPDATE audit_events SET outcome = 'succeeded' WHERE seq = ${target.seq}`);
    expect((await verify()).firstBroken?.seq).toBe(later.seq.toString());
    await tamper(`UPDATE audit_events SET actor_name = '${later.actorName}' WHERE seq = ${later.seq}`);
    expect((await verify()).ok).toBe(true);

    // A removed event leaves a gap; a re-hashed forgery would not link to the event before it.
    await tamper(`DELETE FROM audit_events WHERE seq = ${later.seq}`);
    expect(await verify()).toMatchObject({ firstBroken: { seq: later.seq.toString(), reason: `event #${later.seq} is missing` }, brokenCount: 1 });
    const next = await getDb().auditEvent.findFirstOrThrow({ where: { seq: { gt: later.seq } }, orderBy: { seq: 'asc' } });
    await tamper(`UPDATE audit_events SET hash = sha256(hash) WHERE seq = ${next.seq}`);
    expect(await verify()).toMatchObject({ firstBroken: { seq: later.seq.toString() }, brokenCount: 3 });
  });

  it('cannot be extended by someone who writes to the database without the root key', async () => {
    const before = await verify();
    // An attacker appends an event the way the SQL would, with an unkeyed hash, and moves the head.
    await getDb().$executeRawUnsafe(`
      WITH prev AS (SELECT seq, hash FROM audit_chain_head WHERE id = 1),
      next AS (SELECT prev.seq + 1 AS seq, prev.hash AS prev_hash,
                      sha256(prev.hash || int8send(prev.seq + 1) || convert_to('forged', 'UTF8')) AS hash FROM prev),
      moved AS (UPDATE audit_chain_head h SET seq = next.seq, hash = next.hash FROM next WHERE h.id = 1)
      INSERT INTO audit_events (seq, occurred_at, actor_name, actor_roles, action, target, outcome, params, prev_hash, hash)
      SELECT next.seq, now(), 'audit-approver', '{approver}', 'approval.decide', 'key:x', 'succeeded', '{}', next.prev_hash, next.hash
      FROM next`);
    const after = await verify();
    expect(after.brokenCount).toBe(before.brokenCount + 1);
    expect(after.firstBroken?.reason ?? '').toMatch(/modified|missing/);
    const forged = await getDb().auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    // Appends after it go on chaining from it, so the forgery stays visible.
    await done(createKey({ name: 'after-forgery', type: 'aes256-gcm96' }, admin));
    expect((await verify()).brokenCount).toBe(before.brokenCount + 1);
    expect(forged.action).toBe('approval.decide');
  });

  it('records the recorded fields of hostile input, bounded, and they verify (no text the database would alter)', async () => {
    const viewer = await actorWith(['viewer'], 'hostile-viewer');
    const name = `${'a'.repeat(195)}😀😀 nul \u0000 lone \ud800 ${'x'.repeat(100_000)}`;
    await createKey({ name, type: 'nul \u0000 here \ud800', note: 'not recorded', secretAccessKey: 'not recorded either' }, viewer).catch(() => {});
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { actorName: 'hostile-viewer' }, orderBy: { seq: 'desc' } });
    expect(event).toMatchObject({ action: 'key.create', outcome: 'denied' });
    expect(Object.keys(event.params as object).sort()).toEqual(['name', 'type']); // deny by default
    expect((event.params as { name: string }).name).toHaveLength(1000);
    const fresh = await verify();
    expect(fresh.brokenCount).toBe(4); // the breaks the tampering tests above made, and no more
  });

  it('pages newest first by keyset and filters by actor, action, target, outcome and time', async () => {
    const first = await listAuditEvents({ action: 'key.create', limit: '10' }, admin);
    expect(first.items).toHaveLength(10);
    expect(first.nextBefore).toBe(first.items.at(-1)!.seq);
    const second = await listAuditEvents({ action: 'key.create', limit: '10', before: first.nextBefore! }, admin);
    expect(BigInt(second.items[0]!.seq)).toBeLessThan(BigInt(first.items.at(-1)!.seq));
    expect(new Set([...first.items, ...second.items].map((e) => e.seq)).size).toBe(20);

    const denied = await listAuditEvents({ outcome: 'denied', actor: 'audit-admin' }, admin);
    expect(denied.items.every((e) => e.outcome === 'denied' && e.actorName === 'audit-admin')).toBe(true);
    const keyEvents = await listAuditEvents({ action: 'key.', target: 'key:burst-3' }, admin);
    expect(keyEvents.items.map((e) => e.action)).toEqual(['key.create']);
    const future = await listAuditEvents({ from: new Date(Date.now() + 3600_000).toISOString() }, admin);
    expect(future.items).toEqual([]);
    // Nonsense filters are ignored rather than failing.
    expect((await listAuditEvents({ outcome: 'maybe', before: 'abc', limit: '-1' }, admin)).items.length).toBeGreaterThan(0);
  });

  it('exports the filtered set as CSV and JSON Lines', async () => {
    const jsonl = await readAll(await exportAuditEvents({ target: 'key:burst-7' }, 'jsonl', admin));
    const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ action: 'key.create', target: 'key:burst-7', outcome: 'succeeded', actorName: 'audit-admin' });

    const csv = await readAll(await exportAuditEvents({ action: 'key.create', outcome: 'succeeded' }, 'csv', admin));
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('seq,occurredAt,actorName,actorRoles,action,target,outcome,params,reason,requestId,ip,userAgent,hash');
    expect(rows.length - 1).toBe(await getDb().auditEvent.count({ where: { action: 'key.create', outcome: 'succeeded' } }));
    expect(rows[1]).toContain('"key.create"');
  });
});
