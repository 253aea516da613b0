import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin, type AdminTarget } from './admin';
import { Clock } from '../shared/clock';
import { partitionOf, type Context } from './context';
import { accessKey, Credentials, roleConfig, type RoleConfig, type StaticAccessKey } from './credentials';
import { KmsError, internalError } from './errors';
import { faultError, Faults, parseFault, type Fault } from './faults';
import { DEFAULT_CONTAINER_PATH, Metadata } from './metadata';
import { OPERATIONS } from './operations';
import { accessDenied, denySettings, mergeDenySettings, parseDeny, Permissions, resourceOf, type DenySettings } from './permissions';
import { loadState, StateFile } from './persistence';
import { operationName, parseRequestBody, readBody, regionOf, sendError, sendResult, signerOf } from './protocol';
import { formatLogLine, type RequestLogEntry } from './request-log';
import { quotaOf } from './quota-groups';
import { Quotas, quotaSettings, throttlingError, type QuotaSettings, type QuotasView } from './quotas';
import { parseInput } from './shapes';
import { Store } from './state';
import { handleSts } from './sts';
import { isQueryRequest } from './sts-protocol';
import { tlsFiles } from './tls';
import { DEFAULT_OIDC_AUDIENCE, loadJwks, type OidcConfig } from './web-identity';

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
  /** Refuse KMS and STS requests from unknown access keys and expired sessions. Default: any key passes. */
  checkCredentials?: boolean;
  /** Static access keys (IAM users), as objects or in the CLI form AKID:SECRET[:USER]. */
  accessKeys?: (StaticAccessKey | string)[];
  /** Roles STS may issue sessions for, as objects or in the CLI form ROLE_ARN[:TRUST[,TRUST...]]. */
  roles?: (RoleConfig | string)[];
  /** JWKS that web identity tokens must be signed with: an object, inline JSON, or a file path. */
  oidcJwks?: string | { keys: object[] };
  /** The issuer (iss) web identity tokens must name; default: any. */
  oidcIssuer?: string;
  /** The audience (aud) web identity tokens must carry; default sts.amazonaws.com. */
  oidcAudience?: string;
  /** The role the instance metadata and container credentials endpoints hand out sessions for. */
  instanceRole?: string;
  /** A second, plain-HTTP listener serving only the metadata endpoints; 0 picks a free port. */
  metadataPort?: number;
  /** Path of the container credentials endpoint (default /v2/credentials/emulator). */
  containerCredentialsPath?: string;
  /** The Authorization header the container credentials endpoint requires; default: none. */
  containerAuthorizationToken?: string;
  /** Serve HTTPS instead of HTTP. */
  https?: boolean;
  /** Where the generated certificate lives (default: the data file's folder, else .tmp/aws-kms). */
  certDir?: string;
  /** Bring your own certificate and key (PEM files). */
  certFile?: string;
  keyFile?: string;
  /** Refused KMS actions per access key id or role ARN, as an object or in the CLI form CALLER:kms:A[,kms:B]. */
  deny?: DenySettings | string[];
}

export interface AwsKmsEmulator {
  url: string;
  host: string;
  port: number;
  /** The metadata-only listener, when metadataPort was given. */
  metadataUrl?: string;
  /** With https: the certificate to trust (https.Agent ca, NODE_EXTRA_CA_CERTS) and its file. */
  caPem?: string;
  certPath?: string;
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
  readonly permissions = new Permissions();
  readonly credentials: Credentials;
  readonly metadata: Metadata;
  readonly oidc: OidcConfig | undefined;
  readonly checkCredentials: boolean;
  latencyMs: number;
  private readonly stateFile: StateFile | undefined;
  private readonly log: (line: string) => void;

  constructor(private readonly options: AwsKmsEmulatorOptions) {
    this.clock = new Clock(options.now);
    this.latencyMs = options.latencyMs ?? 0;
    this.log = options.quiet ? () => undefined : (options.log ?? ((line) => console.log(line)));
    for (const fault of options.faults ?? []) this.faults.add(typeof fault === 'string' ? parseFault(fault) : fault);
    if (options.quotas !== undefined) this.quotas.set(quotaSettings(options.quotas));
    this.checkCredentials = options.checkCredentials ?? false;
    this.credentials = new Credentials(
      this.account,
      (options.accessKeys ?? []).map(accessKey),
      (options.roles ?? []).map(roleConfig),
    );
    this.oidc =
      options.oidcJwks === undefined
        ? undefined
        : {
            jwks: loadJwks(options.oidcJwks as string | { keys: [] }),
            audience: options.oidcAudience ?? DEFAULT_OIDC_AUDIENCE,
            ...(options.oidcIssuer !== undefined && { issuer: options.oidcIssuer }),
          };
    if (options.metadataPort !== undefined && options.instanceRole === undefined) throw new Error('metadataPort needs instanceRole');
    if (options.containerCredentialsPath !== undefined && !options.containerCredentialsPath.startsWith('/')) {
      throw new Error('containerCredentialsPath must start with /');
    }
    this.metadata = new Metadata({
      credentials: this.credentials,
      instanceRole: options.instanceRole === undefined ? undefined : this.credentials.addIssuerOnlyRole(options.instanceRole),
      containerPath: options.containerCredentialsPath ?? DEFAULT_CONTAINER_PATH,
      containerToken: options.containerAuthorizationToken,
      now: () => this.clock.now(),
    });
    const deny = options.deny ?? {};
    this.permissions.set(Array.isArray(deny) ? mergeDenySettings({}, ...deny.map(parseDeny)) : denySettings(deny));
    if (options.dataFile) {
      this.stateFile = new StateFile(options.dataFile);
      const data = loadState(options.dataFile);
      if (data) this.store.load(data);
    }
  }

  get account(): string {
    return this.options.accountId ?? '111122223333';
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
    const metadata = this.metadata.handle(req, res);
    if (metadata) {
      this.write({ ...metadata, region: '-', ms: performance.now() - started });
      return;
    }
    if (isQueryRequest(req)) {
      const sts = handleSts(req, res, body, { credentials: this.credentials, oidc: this.oidc, checkCredentials: this.checkCredentials, now: () => this.clock.now() });
      this.write({ ...sts, region: regionOf(req) ?? '-', ms: performance.now() - started });
      return;
    }
    const operation = operationName(req);
    const ctx: Context = {
      region: regionOf(req) ?? this.options.region ?? 'us-east-1',
      account: this.account,
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
      const signer = signerOf(req);
      if (this.checkCredentials) this.authenticate(signer);
      const handler = operation === undefined ? undefined : OPERATIONS[operation];
      if (operation === undefined || !handler) throw new KmsError('UnknownOperationException');
      const raw = parseRequestBody(body);
      const named = raw.KeyId ?? raw.TargetKeyId ?? raw.AliasName;
      if (typeof named === 'string') ctx.logKey = named;
      if (signer) this.authorize(signer.accessKeyId, ctx, operation, raw);
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

  private authenticate(signer: ReturnType<typeof signerOf>): void {
    if (!signer) throw new KmsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    const check = this.credentials.check(signer.accessKeyId, signer.sessionToken, this.clock.now());
    if (check === 'unknown') throw new KmsError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (check === 'expired') throw new KmsError('ExpiredTokenException', 'The security token included in the request is expired');
  }

  private authorize(accessKeyId: string, ctx: Context, operation: string, raw: Record<string, unknown>): void {
    const principal = this.credentials.principalOf(accessKeyId);
    const names = [accessKeyId, principal.arn, ...(principal.roleArn ? [principal.roleArn] : [])];
    if (this.permissions.refuses(names, operation)) throw accessDenied(principal, operation, resourceOf(ctx, operation, raw));
  }

  private write(entry: RequestLogEntry): void {
    this.log(formatLogLine(entry));
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  // Idle connections stay open for a minute, as the clouds' endpoints keep them: with Node's default
  // of 5 s, a client that pauses (generating a key on a loaded machine) reuses a socket the server
  // is closing at that moment and gets ECONNRESET.
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

export async function startAwsKmsEmulator(options: AwsKmsEmulatorOptions = {}): Promise<AwsKmsEmulator> {
  const emulator = new Emulator(options);
  const listener: RequestListener = (req, res) => {
    emulator.handle(req, res).catch((error: unknown) => {
      console.error('aws-kms emulator: request failed', error);
      if (!res.headersSent) sendError(res, internalError());
    });
  };
  const host = options.host ?? '127.0.0.1';
  const tls = options.https ? tlsFiles({ ...options, host }) : undefined;
  const server: Server = tls ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, listener) : createServer(listener);
  const port = await listen(server, options.port ?? DEFAULT_PORT, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const servers = [server];
  let metadataUrl: string | undefined;
  if (options.metadataPort !== undefined) {
    const metadataServer = createServer((req, res) => {
      if (emulator.metadata.handle(req, res)) return;
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 0 });
      res.end();
    });
    try {
      metadataUrl = `http://${urlHost}:${await listen(metadataServer, options.metadataPort, host)}`;
    } catch (error) {
      await closeServer(server);
      throw error;
    }
    servers.push(metadataServer);
  }
  return {
    url: `${tls ? 'https' : 'http'}://${urlHost}:${port}`,
    host,
    port,
    ...(metadataUrl !== undefined && { metadataUrl }),
    ...(tls && { caPem: tls.certPem, certPath: tls.certPath }),
    quotas: () => emulator.quotas.view(),
    async close() {
      await Promise.all(servers.map(closeServer));
      await emulator.flush();
    },
  };
}
