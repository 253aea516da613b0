import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { getDb } from '@/lib/db/client';
import { chainKey } from './chain-key';

/**
 * Checkpoints of the audit chain's head, kept OUTSIDE the database: one JSON line per checkpoint
 * (seq, hash, time, signature), appended to a file in the data folder. Someone who can rewrite the
 * database but not the data folder can cut off the chain's tail and rewind its head (that needs no
 * key), but cannot take back a checkpoint already written, nor sign a new one (the signature is an
 * HMAC under a key derived from the chain key, which only the root key opens).
 */
export interface Checkpoint {
  seq: bigint;
  /** The head event's hash, hex. */
  hash: string;
  /** When the checkpoint was taken (ISO 8601). */
  at: string;
}

export interface CheckpointLog {
  file: string;
  /** The validly signed checkpoints, in file order. */
  checkpoints: Checkpoint[];
  /** Lines that are not a checkpoint signed by this installation's chain key. */
  invalid: { line: number; seq?: string; reason: string }[];
}

const FORMAT = 'keywarden-audit-checkpoint/1';

/** KEYWARDEN_AUDIT_CHECKPOINT_FILE, else `<KEYWARDEN_DATA_DIR or ./data>/audit-checkpoints.jsonl`. */
export function checkpointFile(env: Record<string, string | undefined> = process.env): string {
  // A file of the data folder read at run time, never part of the build's traced output.
  return env.KEYWARDEN_AUDIT_CHECKPOINT_FILE || path.join(path.resolve(/*turbopackIgnore: true*/ env.KEYWARDEN_DATA_DIR || 'data'), 'audit-checkpoints.jsonl');
}

// A key of its own (derived from the chain key), so a checkpoint's signature can never be taken
// for an event's hash or the other way round.
async function signingKey(): Promise<Buffer> {
  return createHmac('sha256', await chainKey()).update(`${FORMAT} signing key`).digest();
}

function sign(key: Buffer, cp: Checkpoint): Buffer {
  return createHmac('sha256', key).update(`${FORMAT}\n${cp.seq}\n${cp.hash}\n${cp.at}`).digest();
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The whole file, or only its last `tailBytes` (whole lines; line numbers then count from there). */
async function readLines(file: string, tailBytes?: number): Promise<string[] | null> {
  let handle;
  try {
    handle = await open(/*turbopackIgnore: true*/ file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (tailBytes === undefined || size <= tailBytes) return (await handle.readFile('utf8')).split('\n');
    const buffer = Buffer.alloc(tailBytes);
    await handle.read(buffer, 0, tailBytes, size - tailBytes);
    return buffer.toString('utf8').split('\n').slice(1); // the first line is cut
  } finally {
    await handle.close();
  }
}

/** Every checkpoint in the file, or (`tailBytes`) those at its end, which hold the latest. */
export async function readCheckpoints(file = checkpointFile(), options: { tailBytes?: number } = {}): Promise<CheckpointLog> {
  const lines = await readLines(file, options.tailBytes);
  const log: CheckpointLog = { file, checkpoints: [], invalid: [] };
  if (!lines) return log;
  const key = await signingKey();
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = null;
    }
    const { v, seq, hash, at, mac } = (parsed ?? {}) as Record<string, unknown>;
    if (v !== 1 || typeof seq !== 'string' || !/^\d{1,19}$/.test(seq) || typeof hash !== 'string' || !HEX64.test(hash)
      || typeof at !== 'string' || typeof mac !== 'string' || !HEX64.test(mac)) {
      log.invalid.push({ line: i + 1, reason: `checkpoint line ${i + 1} is not a checkpoint` });
      return;
    }
    const cp = { seq: BigInt(seq), hash, at };
    if (!timingSafeEqual(sign(key, cp), Buffer.from(mac, 'hex'))) {
      log.invalid.push({ line: i + 1, seq, reason: `checkpoint line ${i + 1} (#${seq}) is not signed by this installation's chain key: forged or altered` });
      return;
    }
    log.checkpoints.push(cp);
  });
  return log;
}

/** The checkpoint furthest along the chain. */
export function latestCheckpoint(log: CheckpointLog): Checkpoint | null {
  return log.checkpoints.reduce<Checkpoint | null>((best, cp) => (!best || cp.seq > best.seq ? cp : best), null);
}

/**
 * What the database's chain contradicts in `cp`: its head is behind it (events cut off), or the
 * event it names has another hash (the chain rewritten). `hashAt` is the hash of event #cp.seq,
 * null when there is none; `headSeq` the last event's seq.
 */
export function contradiction(cp: Checkpoint, headSeq: bigint, hashAt: string | null): { seq: bigint; reason: string } | null {
  if (headSeq < cp.seq) {
    const first = headSeq + 1n;
    return {
      seq: first,
      reason: `event${first === cp.seq ? ` #${cp.seq} is` : `s #${first}–#${cp.seq} are`} missing: the checkpoint of ${cp.at} recorded the chain's head at #${cp.seq}, the database's ends at #${headSeq} (the tail was cut off and the head rewound)`,
    };
  }
  if (hashAt !== cp.hash) {
    return { seq: cp.seq, reason: `event #${cp.seq} differs from the checkpoint of ${cp.at}: the chain was rewritten from there or before` };
  }
  return null;
}

export type CheckpointResult =
  | { status: 'written' | 'unchanged'; checkpoint: Checkpoint }
  /** The database contradicts the last checkpoint: nothing written (verification reports it). */
  | { status: 'refused'; reason: string; checkpoint: Checkpoint };

/**
 * Appends a checkpoint of the chain's committed head, unless it is the last one already. Never one
 * that contradicts the last checkpoint: a rewound head is reported, not made the new truth.
 */
export async function writeCheckpoint(options: { file?: string; now?: Date } = {}): Promise<CheckpointResult> {
  const file = options.file ?? checkpointFile();
  // The file grows by a line a minute at most; the latest checkpoint is in its last lines.
  const latest = latestCheckpoint(await readCheckpoints(file, { tailBytes: 64 * 1024 }));
  const head = await getDb().auditChainHead.findUnique({ where: { id: 1 }, select: { seq: true, hash: true } });
  if (!head) throw new Error('The audit chain has no head: the migrations were not applied.');
  if (latest) {
    const at = latest.seq === head.seq ? head : await getDb().auditEvent.findUnique({ where: { seq: latest.seq }, select: { hash: true } });
    const problem = contradiction(latest, head.seq, at ? Buffer.from(at.hash).toString('hex') : null);
    if (problem) return { status: 'refused', reason: problem.reason, checkpoint: latest };
    if (latest.seq === head.seq) return { status: 'unchanged', checkpoint: latest };
  }
  const checkpoint: Checkpoint = { seq: head.seq, hash: Buffer.from(head.hash).toString('hex'), at: (options.now ?? new Date()).toISOString() };
  const mac = sign(await signingKey(), checkpoint).toString('hex');
  await mkdir(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true, mode: 0o700 });
  // One small write with O_APPEND: lines from concurrent writers never interleave. The leading
  // newline ends a line a crash left torn, so it can never swallow this checkpoint (blank lines
  // are skipped when reading).
  await appendFile(/*turbopackIgnore: true*/ file, `\n${JSON.stringify({ v: 1, seq: checkpoint.seq.toString(), hash: checkpoint.hash, at: checkpoint.at, mac })}\n`, { mode: 0o600 });
  return { status: 'written', checkpoint };
}
