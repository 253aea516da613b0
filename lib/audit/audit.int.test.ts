import { randomBytes } from 'node:crypto';
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
import { forgetChainKey } from './chain-key';
import { checkChain, verifyAuditChain } from './verify-chain';

let admin: UseCaseContext;
let approver: UseCaseContext;
beforeAll(async () => {
  admin = await actorWith(['viewer', 'operator', 'auditor', 'admin'], 'audit-admin');
  approver = await actorWith(['approver'], 'audit-approver');
});

const verify = () => getDb().$transaction((tx) => checkChain(tx));
const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
const headSeq = async () => (await getDb().auditChainHead.findUniqueOrThrow({ where: { id: 1 } })).seq;

// Each test makes the events it reads and leaves the chain unbroken (the tampering tests undo
// their tampering), so every test passes alone and in any order.

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
    const start = await headSeq();
    const [audited, signer, story] = [unique('audited'), unique('signer'), unique('story')];
    await done(createUser({ username: audited, password, roles: ['viewer'] }, admin));
    await done(setRoles({ username: audited, roles: ['viewer', 'operator'] }, admin));
    await done(resetPassword({ username: audited, password: `${password}-2` }, admin));
    await done(setDisabled({ username: audited, disabled: true }, admin));
    await getDb().user.create({ data: { username: signer, passwordHash: await hashPassword(password) } });
    await authenticate({ username: signer, password });
    await authenticate({ username: signer, password: 'wrong' });
    await done(setPolicy({ operation: 'key.rotate', requiredApprovals: 0, expiresAfterHours: 48 }, admin));
    await done(createKey({ name: story, type: 'aes256-gcm96' }, admin));
    await done(rotateKey({ name: story }, admin));
    await updateKeyConfig({ name: story, deletionAllowed: true }, admin);
    const [raise] = await updateKeyConfig({ name: story, minEnabledVersion: 2 }, admin);
    const raiseRequest = raise!.outcome.status === 'requested' ? raise!.outcome.request : null;
    await decideRequest({ requestId: raiseRequest!.id, decision: 'approve' }, approver);
    await updateKeyConfig({ name: story, minEnabledVersion: 1 }, admin);
    const del = await deleteKey({ name: story }, admin);
    await getDb().approvalRequest.update({ where: { id: del.status === 'requested' ? del.request.id : '' }, data: { expiresAt: new Date(0) } });
    await expireRequests();
    await createKey({ name: 'bad name', type: 'aes256-gcm96' }, admin).catch(() => {});
    await readAll(await exportAuditEvents({}, 'csv', admin));
    await verifyAuditChain(admin);

    const events = await getDb().auditEvent.findMany({ where: { seq: { gt: start } }, orderBy: { seq: 'asc' } });
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
    expect(created).toMatchObject({ actorName: 'audit-admin', target: `user:${audited}`, ip: '203.0.113.7', userAgent: 'vitest' });
    expect(created.actorRoles).toEqual(['admin', 'auditor', 'operator', 'viewer']);
    expect(created.requestId).toMatch(/^test-/);
    expect((await verify()).ok).toBe(true);
  });

  it('fails closed: when the event cannot be written, the change does not happen', async () => {
    const unaudited = unique('unaudited');
    await ownerDb().$executeRawUnsafe(`
      CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$;
      CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_audit();`);
    try {
      await expect(createKey({ name: unaudited, type: 'aes256-gcm96' }, admin)).rejects.toThrow();
      await expect(createUser({ username: unaudited, password: 'long-enough-password', roles: [] }, admin)).rejects.toThrow();
    } finally {
      await ownerDb().$executeRawUnsafe('DROP TRIGGER refuse_audit ON audit_events; DROP FUNCTION refuse_audit();');
    }
    expect(await getDb().key.count({ where: { name: unaudited } })).toBe(0);
    expect(await getDb().user.count({ where: { username: unaudited } })).toBe(0);
    // The same calls succeed once events can be written again: the refusal above was the audit's.
    await done(createKey({ name: unaudited, type: 'aes256-gcm96' }, admin));
    expect(await getDb().key.count({ where: { name: unaudited } })).toBe(1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    // Row triggers fire only for rows: there must be an event to refuse changing.
    await done(createKey({ name: unique('kept'), type: 'aes256-gcm96' }, admin));
    // Even to the owner (the application role has no such privilege: lib/db/roles.int.test.ts).
    await expect(ownerDb().$executeRawUnsafe(`UPDATE audit_events SET reason = 'x'`)).rejects.toThrow(/append-only/);
    await expect(ownerDb().$executeRawUnsafe('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    await expect(ownerDb().$executeRawUnsafe('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
  });

  it('stays one unbroken chain under concurrent writers', async () => {
    // As in a process that has not written yet: more writers than pool connections must not
    // starve behind each other for the chain key (each append reads it from the row it locks).
    forgetChainKey();
    const start = await headSeq();
    const burst = unique('burst');
    await Promise.all(Array.from({ length: 30 }, (_, i) => done(createKey({ name: `${burst}-${i}`, type: 'aes256-gcm96' }, admin))));
    const report = await verify();
    expect(report).toMatchObject({ ok: true, firstBroken: null });
    const head = await headSeq();
    expect(BigInt(report.checked)).toBe(head);
    const appended = await getDb().auditEvent.findMany({ where: { seq: { gt: start } }, orderBy: { seq: 'asc' }, select: { seq: true, target: true } });
    expect(appended.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => start + BigInt(i + 1)));
    expect(new Set(appended.map((e) => e.target))).toEqual(new Set(Array.from({ length: 30 }, (_, i) => `key:${burst}-${i}`)));
  });

  it('verification finds the first modified event, and a removed one', async () => {
    const prefix = unique('tampered');
    for (let i = 0; i < 6; i++) await done(createKey({ name: `${prefix}-${i}`, type: 'aes256-gcm96' }, admin));
    expect((await verify()).ok).toBe(true);
    const target = await getDb().auditEvent.findFirstOrThrow({ where: { target: `key:${prefix}-0` } });
    const later = await getDb().auditEvent.findFirstOrThrow({ where: { target: `key:${prefix}-4` } });
    const next = await getDb().auditEvent.findFirstOrThrow({ where: { target: `key:${prefix}-5` } });
    try {
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
      await tamper(`UPDATE audit_events SET hash = sha256(hash) WHERE seq = ${next.seq}`);
      expect(await verify()).toMatchObject({ firstBroken: { seq: later.seq.toString() }, brokenCount: 3 });
    } finally {
      // Undone, as the owner could: the other tests expect an unbroken chain.
      await tamper(`UPDATE audit_events SET hash = '\\x${Buffer.from(next.hash).toString('hex')}' WHERE seq = ${next.seq}`);
      if (!(await getDb().auditEvent.findUnique({ where: { seq: later.seq } }))) await ownerDb().auditEvent.create({ data: later as never });
    }
    expect((await verify()).ok).toBe(true);
  });

  it('cannot be extended by someone who writes to the database without the root key', async () => {
    expect((await verify()).ok).toBe(true);
    const start = await ownerDb().auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
    // An attacker appends an event the way the SQL would, with an unkeyed hash, and moves the head.
    await getDb().$executeRawUnsafe(`
      WITH prev AS (SELECT seq, hash FROM audit_chain_head WHERE id = 1),
      next AS (SELECT prev.seq + 1 AS seq, prev.hash AS prev_hash,
                      sha256(prev.hash || int8send(prev.seq + 1) || convert_to('forged', 'UTF8')) AS hash FROM prev),
      moved AS (UPDATE audit_chain_head h SET seq = next.seq, hash = next.hash FROM next WHERE h.id = 1)
      INSERT INTO audit_events (seq, occurred_at, actor_name, actor_roles, action, target, outcome, params, prev_hash, hash)
      SELECT next.seq, now(), 'audit-approver', '{approver}', 'approval.decide', 'key:x', 'succeeded', '{}', next.prev_hash, next.hash
      FROM next`);
    try {
      const after = await verify();
      expect(after).toMatchObject({ ok: false, brokenCount: 1 });
      expect(after.firstBroken?.reason ?? '').toMatch(/modified|missing/);
      const forged = await getDb().auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
      expect(forged).toMatchObject({ seq: start.seq + 1n, action: 'approval.decide' });
      // Appends after it go on chaining from it, so the forgery stays visible.
      await done(createKey({ name: unique('after-forgery'), type: 'aes256-gcm96' }, admin));
      expect((await verify()).brokenCount).toBe(1);
    } finally {
      // Undone, as the owner could: the forgery and what was appended after it go, the head moves back.
      await tamper(`DELETE FROM audit_events WHERE seq > ${start.seq}`);
      await ownerDb().auditChainHead.update({ where: { id: 1 }, data: { seq: start.seq, hash: start.hash } });
    }
    expect((await verify()).ok).toBe(true);
  });

  it('records the recorded fields of hostile input, bounded, and they verify (no text the database would alter)', async () => {
    const viewer = await actorWith(['viewer']);
    const name = `${'a'.repeat(195)}😀😀 nul \u0000 lone \ud800 ${'x'.repeat(100_000)}`;
    await createKey({ name, type: 'nul \u0000 here \ud800', note: 'not recorded', secretAccessKey: 'not recorded either' }, viewer).catch(() => {});
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { actorName: viewer.actor.username }, orderBy: { seq: 'desc' } });
    expect(event).toMatchObject({ action: 'key.create', outcome: 'denied' });
    expect(Object.keys(event.params as object).sort()).toEqual(['name', 'type']); // deny by default
    expect((event.params as { name: string }).name).toHaveLength(1000);
    expect(await verify()).toMatchObject({ ok: true, brokenCount: 0 });
  });

  it('pages newest first by keyset and filters by actor, action, target, outcome and time', async () => {
    const pager = await actorWith(['operator']);
    const prefix = unique('paged');
    for (let i = 0; i < 21; i++) await done(createKey({ name: `${prefix}-${i}`, type: 'aes256-gcm96' }, pager));
    await createKey({ name: 'not a key name', type: 'aes256-gcm96' }, pager).catch(() => {});
    const actor = pager.actor.username;

    const first = await listAuditEvents({ actor, action: 'key.create', outcome: 'succeeded', limit: '10' }, admin);
    expect(first.items.map((e) => e.target)).toEqual(Array.from({ length: 10 }, (_, i) => `key:${prefix}-${20 - i}`));
    expect(first.nextBefore).toBe(first.items.at(-1)!.seq);
    const second = await listAuditEvents({ actor, action: 'key.create', outcome: 'succeeded', limit: '10', before: first.nextBefore! }, admin);
    expect(second.items.map((e) => e.target)).toEqual(Array.from({ length: 10 }, (_, i) => `key:${prefix}-${10 - i}`));
    const third = await listAuditEvents({ actor, action: 'key.create', outcome: 'succeeded', limit: '10', before: second.nextBefore! }, admin);
    expect(third.items.map((e) => e.target)).toEqual([`key:${prefix}-0`]);
    expect(third.nextBefore).toBeNull();

    const denied = await listAuditEvents({ outcome: 'denied', actor }, admin);
    expect(denied.items).toEqual([expect.objectContaining({ outcome: 'denied', actorName: actor, action: 'key.create' })]);
    const keyEvents = await listAuditEvents({ action: 'key.', target: `key:${prefix}-3` }, admin);
    expect(keyEvents.items.map((e) => e.action)).toEqual(['key.create']);
    const future = await listAuditEvents({ from: new Date(Date.now() + 3600_000).toISOString() }, admin);
    expect(future.items).toEqual([]);
    // Nonsense filters are ignored rather than failing.
    expect((await listAuditEvents({ outcome: 'maybe', before: 'abc', limit: '-1' }, admin)).items.length).toBeGreaterThan(0);
  });

  it('exports the filtered set as CSV and JSON Lines', async () => {
    const exporter = await actorWith(['operator']);
    const prefix = unique('exported');
    for (let i = 0; i < 3; i++) await done(createKey({ name: `${prefix}-${i}`, type: 'aes256-gcm96' }, exporter));
    const jsonl = await readAll(await exportAuditEvents({ target: `key:${prefix}-1` }, 'jsonl', admin));
    const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ action: 'key.create', target: `key:${prefix}-1`, outcome: 'succeeded', actorName: exporter.actor.username });

    const csv = await readAll(await exportAuditEvents({ actor: exporter.actor.username, action: 'key.create', outcome: 'succeeded' }, 'csv', admin));
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('seq,occurredAt,actorName,actorRoles,action,target,outcome,params,reason,requestId,ip,userAgent,hash');
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => r.split(',')[5])).toEqual([2, 1, 0].map((i) => `"key:${prefix}-${i}"`));
    expect(rows[1]).toContain('"key.create"');
  });
});
