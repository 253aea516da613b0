/**
 * Injected failures for resilience tests, shared by the emulators. A fault fails the next
 * `remaining` requests for its operation ("*" matches any), before the operation runs, so it
 * never changes state. Each emulator names the kinds in its cloud's words and answers them with
 * its cloud's errors.
 */
export type FaultKind = 'internal' | 'throttle' | 'drop';

export interface Fault {
  operation: string;
  kind: FaultKind;
  remaining: number;
}

export interface FaultVocabulary {
  /** Accepted kind names (lower case) → kind. */
  kinds: Record<string, FaultKind>;
  /** How the kinds are spelled in messages, e.g. "500, throttle or drop". */
  kindHint: string;
  /** An operation name for messages, e.g. Encrypt. */
  exampleOperation: string;
}

export function faultsSpeaking({ kinds, kindHint, exampleOperation }: FaultVocabulary) {
  function faultKind(name: string): FaultKind {
    const kind = kinds[name.toLowerCase()];
    if (!kind) throw new Error(`unknown fault kind "${name}" (use ${kindHint})`);
    return kind;
  }

  function makeFault(operation: unknown, kind: unknown, count: unknown = 1): Fault {
    if (typeof operation !== 'string' || !/^(\*|[A-Za-z]+)$/.test(operation)) {
      throw new Error(`a fault needs an operation name such as ${exampleOperation}, or *`);
    }
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
      throw new Error('a fault count must be a positive integer');
    }
    return { operation, kind: faultKind(String(kind)), remaining: count };
  }

  /** Parses the CLI form OPERATION:KIND[:COUNT], e.g. Encrypt:500:2, *:throttle:1, Decrypt:drop. */
  function parseFault(spec: string): Fault {
    const [operation, kind, count] = spec.split(':');
    if (kind === undefined) throw new Error(`fault "${spec}" must look like OPERATION:KIND[:COUNT]`);
    return makeFault(operation, kind, count === undefined ? 1 : Number(count));
  }

  return { faultKind, makeFault, parseFault };
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

  /** `wildcard` false: "*" does not match this operation (e.g. Entra requests beside a vault's). */
  take(operation: string | undefined, wildcard = true): FaultKind | undefined {
    const name = operation?.toLowerCase();
    const fault = this.faults.find((f) => (wildcard && f.operation === '*') || f.operation.toLowerCase() === name);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.kind;
  }
}
