import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin, type AdminTarget } from './admin';
import { Clock } from './clock';
import { partitionOf, type Context } from './context';
import { KmsError, internalError } from './errors';
import { faultError, Faults, parseFault, type Fault } from './faults';
import { OPERATIONS } from './operations';
import { loadState, StateFile } from './persistence';
import { operationName, parseRequestBody, readBody, regionOf, sendError, sendResult } from './protocol';
import { formatLogLine, type RequestLogEntry } from './request-log';
import { quotaOf } from './quota-groups';
import { Quotas, quotaSettings, throttlingError, type QuotaSettings, type QuotasView } from './quotas';
import { parseInput } from './shapes';
import { Store } from './state';

export interface AwsKmsEmulatorOptions {
  /** 0 picks a free port. Default 4599. */
  port?: number;
  host?: string;
  /** JSON state file; without it state lives in memory only. */
  dataFile?: string;
  /** Region for requests whose Authorization header has no SigV4 credential scope. */
  region?: string;
  accountId?: string;
  latencyMs?: number;
  /** Faults armed at start, as objects or in the CLI form OPERATION:KIND[:COUNT]. */
  faults?: (Fault | string)[];
  /** Request quotas: 'aws' for AWS's defaults, or quota name (or name@region) → requests per second. Default: none. */
  quotas?: 'aws' | QuotaSettings;
  /** No request log at all. */
  quiet?: boolean;
  /** Where log lines go (default: console.log). */
  log?: (line: string) => void;
  /** The clock's base time source (default Date.now); the admin clock offsets it. */
  now?: () => number;
}

export interface AwsKmsEmulator {
  url: string;
  host: string;
  port: number;
  /** The active quotas and the throttle counts, as GET /__admin/quotas shows them. */
  quotas(): QuotasView;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4599;

class Emulator implements AdminTarget {
  readonly clock: Clock;
  readonly faults = new Faults();
  readonly quotas = new Quotas();
  readonly store = new Store();
  latencyMs: number;
  private readonly stateFile: StateFile | undefined;
  private readonly log: (line: string) => void;

  constructor(private readonly options: AwsKmsEmulatorOptions) {
    this.clock = new Clock(options.now);
    this.latencyMs = options.latencyMs ?? 0;
    this.log = options.quiet ? () => undefined : (options.log ?? ((line) => console.log(line)));
    for (const fault of options.faults ?? []) this.faults.add(typeof fault === 'string' ? parseFault(fault) : fault);
    if (options.quotas !== undefined) this.quotas.set(quotaSettings(options.quotas));
    if (options.dataFile) {
      this.stateFile = new StateFile(options.dataFile);
      const data = loadState(options.dataFile);
      if (data) this.store.load(data);
    }
  }

  async reset(): Promise<void> {
    this.store.clear();
    this.faults.clear();
    this.quotas.resetCounts();
    this.clock.reset();
    await this.persist();
  }

  async settle(): Promise<void> {
    if (this.store.sweep(this.clock.now())) await this.persist();
  }

  persist(): Promise<void> {
    return this.stateFile?.save(this.store.snapshot()) ?? Promise.resolve();
  }

  flush(): Promise<void> {
    return this.stateFile?.flush() ?? Promise.resolve();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const body = await readBody(req);
    if (req.url?.startsWith('/__admin/')) {
      const outcome = await handleAdmin(req, res, body, this);
      this.write({ operation: `admin:${req.method} ${req.url}`, region: '-', outcome, ms: performance.now() - started });
      return;
    }
    const operation = operationName(req);
    const ctx: Context = {
      region: regionOf(req) ?? this.options.region ?? 'us-east-1',
      account: this.options.accountId ?? '111122223333',
      partition: '',
      now: 0,
      store: this.store,
    };
    ctx.partition = partitionOf(ctx.region);
    const entry = (outcome: string): RequestLogEntry => ({
      operation: operation ?? '-',
      region: ctx.region,
      key: ctx.logKey,
      outcome,
      ms: performance.now() - started,
    });
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      const fault = this.faults.take(operation);
      if (fault === 'drop') {
        req.socket.destroy();
        this.write(entry('fault:drop'));
        return;
      }
      if (fault) throw faultError(fault);
      const handler = operation === undefined ? undefined : OPERATIONS[operation];
      if (operation === undefined || !handler) throw new KmsError('UnknownOperationException');
      const raw = parseRequestBody(body);
      const named = raw.KeyId ?? raw.TargetKeyId ?? raw.AliasName;
      if (typeof named === 'string') ctx.logKey = named;
      // Before anything runs: a throttled request changes nothing.
      if (!this.quotas.admit(quotaOf(ctx, operation, raw), ctx.region, operation)) throw throttlingError();
      ctx.now = this.clock.now();
      const swept = this.store.sweep(ctx.now);
      let output: object;
      try {
        output = await handler.handle(ctx, parseInput(handler.input, raw));
      } finally {
        if (swept || handler.mutates) await this.persist();
      }
      sendResult(res, output);
      this.write(entry('ok'));
    } catch (error) {
      const kmsError = error instanceof KmsError ? error : internalError();
      if (!(error instanceof KmsError)) console.error('aws-kms emulator: internal error', error);
      sendError(res, kmsError);
      this.write(entry(kmsError.type));
    }
  }

  private write(entry: RequestLogEntry): void {
    this.log(formatLogLine(entry));
  }
}

export async function startAwsKmsEmulator(options: AwsKmsEmulatorOptions = {}): Promise<AwsKmsEmulator> {
  const emulator = new Emulator(options);
  const server: Server = createServer((req, res) => {
    emulator.handle(req, res).catch((error: unknown) => {
      console.error('aws-kms emulator: request failed', error);
      if (!res.headersSent) sendError(res, internalError());
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    quotas: () => emulator.quotas.view(),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.flush();
    },
  };
}
