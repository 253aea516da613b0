import { KmsError } from './errors';

/**
 * Injected failures for resilience tests. A fault fails the next `remaining` requests for its
 * operation ("*" matches any), before the operation runs, so it never changes state.
 */
export type FaultKind = 'internal' | 'throttle' | 'drop';

export interface Fault {
  operation: string;
  kind: FaultKind;
  remaining: number;
}

const KIND_NAMES: Record<string, FaultKind> = {
  '500': 'internal',
  internal: 'internal',
  kmsinternalexception: 'internal',
  throttle: 'throttle',
  throttling: 'throttle',
  throttlingexception: 'throttle',
  drop: 'drop',
  disconnect: 'drop',
};

export function faultKind(name: string): FaultKind {
  const kind = KIND_NAMES[name.toLowerCase()];
  if (!kind) throw new Error(`unknown fault kind "${name}" (use 500, throttle or drop)`);
  return kind;
}

export function makeFault(operation: unknown, kind: unknown, count: unknown = 1): Fault {
  if (typeof operation !== 'string' || !/^(\*|[A-Za-z]+)$/.test(operation)) {
    throw new Error('a fault needs an operation name such as Encrypt, or *');
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new Error('a fault count must be a positive integer');
  }
  return { operation, kind: faultKind(String(kind)), remaining: count };
}

/** Parses the CLI form OPERATION:KIND[:COUNT], e.g. Encrypt:500:2, *:throttle:1, Decrypt:drop. */
export function parseFault(spec: string): Fault {
  const [operation, kind, count] = spec.split(':');
  if (kind === undefined) throw new Error(`fault "${spec}" must look like OPERATION:KIND[:COUNT]`);
  return makeFault(operation, kind, count === undefined ? 1 : Number(count));
}

export class Faults {
  private faults: Fault[] = [];

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
  }

  take(operation: string | undefined): FaultKind | undefined {
    const fault = this.faults.find((f) => f.operation === '*' || f.operation === operation);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.kind;
  }
}

export const faultError = (kind: Exclude<FaultKind, 'drop'>) =>
  kind === 'internal'
    ? new KmsError('KMSInternalException', 'Injected fault: internal error.', 500)
    : new KmsError('ThrottlingException', 'Rate exceeded', 400);
