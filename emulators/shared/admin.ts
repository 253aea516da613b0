import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock';
import type { Fault, Faults } from './faults';

/**
 * The admin endpoint every emulator serves (/__admin/…): health, reset, faults, clock and
 * latency; an emulator adds its own routes (the AWS one: quotas, permissions).
 */
export interface AdminTarget {
  clock: Clock;
  faults: Faults;
  latencyMs: number;
  reset(): Promise<void>;
  /** Applies the clock to the state (deletions, expiries) and persists it. */
  settle(): Promise<void>;
}

export class AdminError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Runs `parse` and answers its error as a 400. */
export function admitted<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new AdminError((error as Error).message);
  }
}

/** An emulator's own routes: the answer, or undefined when the route is not one of them. */
export type ExtraRoutes<T> = (route: string, body: Record<string, unknown>, target: T) => Promise<object | undefined> | object | undefined;

const clockView = (clock: Clock) => ({ now: clock.now() / 1000, offsetSeconds: clock.offset / 1000 });

function parse(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AdminError('the body must be a JSON object');
}

const finite = (value: unknown, name: string): number => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AdminError(`${name} must be a number`);
  return value;
};

type MakeFault = (operation: unknown, kind: unknown, count?: unknown) => Fault;

async function route<T extends AdminTarget>(key: string, body: Record<string, unknown>, target: T, makeFault: MakeFault, extra?: ExtraRoutes<T>): Promise<object> {
  switch (key) {
    case 'GET /__admin/health':
      return { status: 'ok' };
    case 'POST /__admin/reset':
      await target.reset();
      return { status: 'reset' };
    case 'GET /__admin/faults':
      return { faults: target.faults.list() };
    case 'POST /__admin/faults': {
      const specs = Array.isArray(body.faults) ? (body.faults as Record<string, unknown>[]) : [body];
      const faults = specs.map((f) => admitted(() => makeFault(f.operation, f.kind, f.count ?? 1)));
      faults.forEach((f) => target.faults.add(f));
      return { faults: target.faults.list() };
    }
    case 'DELETE /__admin/faults':
      target.faults.clear();
      return { faults: [] };
    case 'GET /__admin/clock':
      return clockView(target.clock);
    case 'POST /__admin/clock':
      if (body.set !== undefined) target.clock.set(finite(body.set, 'set') * 1000);
      if (body.advanceSeconds !== undefined) target.clock.advance(finite(body.advanceSeconds, 'advanceSeconds') * 1000);
      if (body.reset === true) target.clock.reset();
      await target.settle();
      return clockView(target.clock);
    case 'GET /__admin/latency':
      return { ms: target.latencyMs };
    case 'POST /__admin/latency': {
      const ms = finite(body.ms, 'ms');
      if (ms < 0) throw new AdminError('ms must not be negative');
      target.latencyMs = ms;
      return { ms };
    }
  }
  const answer = await extra?.(key, body, target);
  if (answer === undefined) throw new AdminError(`no admin route ${key}`, 404);
  return answer;
}

/** Answers one admin request with JSON; returns the status for the request log. */
export async function handleAdmin<T extends AdminTarget>(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  target: T,
  options: { makeFault: MakeFault; extra?: ExtraRoutes<T> },
): Promise<string> {
  let status = 200;
  let output: object;
  try {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    output = await route(`${req.method ?? 'GET'} ${path}`, parse(body), target, options.makeFault, options.extra);
  } catch (error) {
    status = error instanceof AdminError ? error.status : 500;
    output = { error: (error as Error).message };
  }
  const text = JSON.stringify(output);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
  return String(status);
}
