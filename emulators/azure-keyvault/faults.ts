import { VaultError } from './errors';

/**
 * Injected failures for resilience tests. A fault fails the next `remaining` requests for its
 * operation (REST operation names such as GetKey or Decrypt, Token for Entra, ManagedIdentityToken,
 * or "*" for any vault operation), before the operation runs, so it never changes state.
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
  '429': 'throttle',
  throttle: 'throttle',
  throttled: 'throttle',
  drop: 'drop',
  disconnect: 'drop',
};

export function faultKind(name: string): FaultKind {
  const kind = KIND_NAMES[name.toLowerCase()];
  if (!kind) throw new Error(`unknown fault kind "${name}" (use 500, 429 or drop)`);
  return kind;
}

export function makeFault(operation: unknown, kind: unknown, count: unknown = 1): Fault {
  if (typeof operation !== 'string' || !/^(\*|[A-Za-z]+)$/.test(operation)) {
    throw new Error('a fault needs an operation name such as Decrypt, or *');
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new Error('a fault count must be a positive integer');
  }
  return { operation, kind: faultKind(String(kind)), remaining: count };
}

/** Parses the CLI form OPERATION:KIND[:COUNT], e.g. Decrypt:500:2, *:429:1, GetKey:drop. */
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

  /** `wildcard` is false for Entra and managed identity requests: "*" means vault operations only. */
  take(operation: string, wildcard = true): FaultKind | undefined {
    const fault = this.faults.find((f) => (wildcard && f.operation === '*') || f.operation.toLowerCase() === operation.toLowerCase());
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.kind;
  }
}

/** Throttling as Key Vault answers it: 429 with Retry-After (seconds). */
export const THROTTLE_RETRY_AFTER_SECONDS = 1;

export const faultError = (kind: Exclude<FaultKind, 'drop'>) =>
  kind === 'internal'
    ? new VaultError(500, 'InternalServerError', 'Injected fault: internal error.')
    : new VaultError(
        429,
        'Throttled',
        'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
      );
