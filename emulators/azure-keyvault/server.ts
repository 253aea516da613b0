import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin, type AdminTarget } from './admin';
import { authenticate, challengeHeader } from './auth';
import { Clock } from '../shared/clock';
import { DEFAULT_CLIENT, DEFAULT_IDENTITY_HEADER, DEFAULT_MANAGED_IDENTITY_CLIENT_ID, DEFAULT_TENANT_ID, type ClientRegistration } from './clients';
import { handleEntra, type EntraContext } from './entra';
import { internalError, VaultError, badParameter } from './errors';
import { faultError, Faults, parseFault, THROTTLE_RETRY_AFTER_SECONDS, type Fault } from './faults';
import { pathOf, pathSegments, queryOf, readBody, sendJson } from './http';
import { handleManagedIdentity, type ManagedIdentityContext } from './managed-identity';
import type { VaultContext } from './operations/context';
import { loadState, StateFile } from './persistence';
import { formatLogLine, type RequestLogEntry } from './request-log';
import { matchRoute } from './router';
import { Store, type RecoveryLevel, type VaultSettings } from './state';
import { ensureCertificate, loadCertificate, type TlsFiles } from './tls-certificate';
import { TokenSigner } from './tokens';
import { checkApiVersion, checkVaultName, notFoundRoute, vaultOfHost, VAULT_COLLECTIONS } from './vaults';

export interface AzureKeyVaultEmulatorOptions {
  /** HTTPS port of the first vault (and of Entra); further vaults take the next ports. 0 picks free ports. Default 4600. */
  port?: number;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Host name written into URLs, kids and the challenge (default localhost). */
  publicHost?: string;
  /** JSON state file; without it state lives in memory only. */
  dataFile?: string;
  /** Bring your own certificate and key (PEM files); otherwise one is generated in certDir. */
  certFile?: string;
  keyFile?: string;
  /** Where the generated certificate, its key and the token signing key live (default: the data file's folder, else .tmp/azure-keyvault). */
  certDir?: string;
  /** The tenant every vault belongs to (default DEFAULT_TENANT_ID). */
  tenantId?: string;
  /** App registrations (default: the demo client). A client without tenantId is in the vaults' tenant. */
  clients?: ClientRegistration[];
  /** Vault names (default ["local"]). */
  vaults?: string[];
  recoveryLevel?: RecoveryLevel;
  /** Soft-delete retention, 7–90 days (default 90). */
  retentionDays?: number;
  latencyMs?: number;
  /** Faults armed at start, as objects or in the CLI form OPERATION:KIND[:COUNT]. */
  faults?: (Fault | string)[];
  /** Plain-HTTP managed identity endpoint port (default 4680; 0 picks a free one; false turns it off). */
  identityPort?: number | false;
  managedIdentityClientId?: string;
  identityHeader?: string;
  quiet?: boolean;
  log?: (line: string) => void;
  /** The clock's base time source (default Date.now); the admin clock offsets it. */
  now?: () => number;
}

export interface AzureKeyVaultEmulator {
  /** Origin of the first vault, which also serves Entra and the admin endpoint. */
  url: string;
  port: number;
  vaults: string[];
  /** https://localhost:<port of that vault>. */
  vaultUrl(name?: string): string;
  /** For ClientSecretCredential's authorityHost. */
  authorityHost: string;
  tenantId: string;
  /** The first configured client (the demo client by default). */
  clientId: string;
  clientSecret: string;
  /** The certificate to trust (tlsOptions.ca or NODE_EXTRA_CA_CERTS). */
  caPem: string;
  certPath: string;
  /** http://127.0.0.1:<port> serving IMDS and App Service managed identity, when enabled. */
  identityEndpoint: string | undefined;
  identityHeader: string;
  managedIdentityClientId: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4600;
export const DEFAULT_IDENTITY_PORT = 4680;
export const DEFAULT_VAULT = 'local';

class Emulator implements AdminTarget {
  readonly clock: Clock;
  readonly faults = new Faults();
  readonly store: Store;
  readonly settings: VaultSettings;
  latencyMs: number;
  authorityOrigin = '';
  private readonly stateFile: StateFile | undefined;
  private readonly log: (line: string) => void;

  constructor(
    readonly vaults: string[],
    readonly tenantId: string,
    readonly signer: TokenSigner,
    readonly entra: EntraContext,
    options: AzureKeyVaultEmulatorOptions,
  ) {
    this.clock = new Clock(options.now);
    this.latencyMs = options.latencyMs ?? 0;
    this.settings = { recoveryLevel: options.recoveryLevel ?? 'Recoverable+Purgeable', retentionDays: options.retentionDays ?? 90 };
    this.log = options.quiet ? () => undefined : (options.log ?? ((line) => console.log(line)));
    for (const fault of options.faults ?? []) this.faults.add(typeof fault === 'string' ? parseFault(fault) : fault);
    this.store = new Store(vaults);
    if (options.dataFile) {
      this.stateFile = new StateFile(options.dataFile);
      const data = loadState(options.dataFile);
      if (data) this.store.load(data);
    }
  }

  nowSeconds = (): number => Math.floor(this.clock.now() / 1000);

  async reset(): Promise<void> {
    this.store.clear();
    this.faults.clear();
    this.clock.reset();
    await this.persist();
  }

  async settle(): Promise<void> {
    if (this.store.sweep(this.nowSeconds())) await this.persist();
  }

  persist(): Promise<void> {
    return this.stateFile?.save(this.store.snapshot()) ?? Promise.resolve();
  }

  flush(): Promise<void> {
    return this.stateFile?.flush() ?? Promise.resolve();
  }

  write(entry: RequestLogEntry): void {
    this.log(formatLogLine(entry));
  }

  async handle(req: IncomingMessage, res: ServerResponse, portVault: string): Promise<void> {
    const started = performance.now();
    const ms = () => performance.now() - started;
    const path = pathOf(req);
    const body = await readBody(req);
    if (path.startsWith('/__admin/')) {
      const outcome = await handleAdmin(req, res, body, this);
      this.write({ where: 'admin', operation: `${req.method} ${path}`, outcome, ms: ms() });
      return;
    }
    const segments = pathSegments(req);
    if (!VAULT_COLLECTIONS.includes((segments[0] ?? '').toLowerCase()) && segments[0] !== '') {
      await this.handleEntra(req, res, body, started);
      return;
    }
    const vault = vaultOfHost(req.headers.host, this.vaults, portVault);
    let operation = '-';
    let subject: string | undefined;
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      const route = matchRoute(req.method ?? 'GET', segments);
      operation = route?.operation ?? '-';
      if (route?.name) subject = route.version ? `${route.name}/${route.version}` : route.name;
      authenticate(req, this.signer, this.tenantId, this.nowSeconds());
      const query = queryOf(req);
      const apiVersion = checkApiVersion(query);
      if (!route) throw notFoundRoute(path);
      const fault = this.faults.take(route.operation);
      if (fault === 'drop') {
        req.socket.destroy();
        this.write({ where: vault, operation, subject, outcome: 'fault:drop', ms: ms() });
        return;
      }
      if (fault) throw faultError(fault);
      const ctx: VaultContext = {
        vault,
        settings: this.settings,
        store: this.store,
        origin: `https://${req.headers.host ?? 'localhost'}`,
        apiVersion,
        now: this.nowSeconds(),
        query,
        body: parseJsonBody(body),
      };
      const swept = this.store.sweep(ctx.now);
      let output: object | undefined;
      try {
        output = await route.handler(ctx, route.name, route.version);
      } finally {
        if (swept || route.mutates) await this.persist();
      }
      if (ctx.logKey) subject = ctx.logKey;
      sendJson(res, output === undefined ? 204 : 200, output);
      this.write({ where: vault, operation, subject, outcome: String(output === undefined ? 204 : 200), ms: ms() });
    } catch (error) {
      const vaultError = error instanceof VaultError ? error : internalError();
      if (!(error instanceof VaultError)) console.error('azure-keyvault emulator: internal error', error);
      const headers: Record<string, string> = {};
      if (vaultError.status === 401) headers['WWW-Authenticate'] = challengeHeader(this.authorityOrigin, this.tenantId);
      if (vaultError.status === 429) headers['Retry-After'] = String(THROTTLE_RETRY_AFTER_SECONDS);
      sendJson(res, vaultError.status, vaultError.body(), headers);
      this.write({ where: vault, operation, subject, outcome: `${vaultError.status}:${vaultError.code}`, ms: ms() });
    }
  }

  private async handleEntra(req: IncomingMessage, res: ServerResponse, body: Buffer, started: number): Promise<void> {
    const isToken = req.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(pathOf(req));
    const subject = isToken ? `client=${new URLSearchParams(body.toString('utf8')).get('client_id') ?? '-'}` : undefined;
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const fault = isToken ? this.faults.take('Token', false) : undefined;
    let outcome: string;
    if (fault === 'drop') {
      req.socket.destroy();
      outcome = 'fault:drop';
    } else if (fault) {
      const status = fault === 'internal' ? 500 : 429;
      sendJson(res, status, { error: fault === 'internal' ? 'server_error' : 'temporarily_unavailable', error_description: 'Injected fault.' }, status === 429 ? { 'Retry-After': '1' } : {});
      outcome = `fault:${status}`;
    } else {
      outcome = handleEntra(req, res, body, this.entra) ?? notFound(res, pathOf(req));
    }
    this.write({ where: 'entra', operation: isToken ? 'Token' : `${req.method} ${pathOf(req)}`, subject, outcome, ms: performance.now() - started });
  }

  handleIdentity(req: IncomingMessage, res: ServerResponse, ctx: ManagedIdentityContext): void {
    const started = performance.now();
    const fault = this.faults.take('ManagedIdentityToken', false);
    let outcome: string;
    if (fault === 'drop') {
      req.socket.destroy();
      outcome = 'fault:drop';
    } else if (fault) {
      sendJson(res, fault === 'internal' ? 500 : 429, { error: 'server_error', error_description: 'Injected fault.' });
      outcome = `fault:${fault}`;
    } else {
      outcome = handleManagedIdentity(req, res, ctx);
    }
    this.write({ where: 'identity', operation: `${req.method} ${pathOf(req)}`, subject: undefined, outcome, ms: performance.now() - started });
  }
}

function notFound(res: ServerResponse, path: string): string {
  sendJson(res, 404, { error: { code: 'NotFound', message: `The requested path ${path} does not exist.` } });
  return '404';
}

function parseJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badParameter('The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badParameter('The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

function listen(server: HttpServer | HttpsServer, port: number, host: string): Promise<number> {
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

function closeServer(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startAzureKeyVaultEmulator(options: AzureKeyVaultEmulatorOptions = {}): Promise<AzureKeyVaultEmulator> {
  const vaults = options.vaults && options.vaults.length > 0 ? options.vaults : [DEFAULT_VAULT];
  vaults.forEach(checkVaultName);
  if (new Set(vaults.map((v) => v.toLowerCase())).size !== vaults.length) throw new Error('vault names must be unique');
  const retentionDays = options.retentionDays ?? 90;
  if (!Number.isInteger(retentionDays) || retentionDays < 7 || retentionDays > 90) throw new Error('retentionDays must be an integer from 7 to 90');
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const clients = (options.clients && options.clients.length > 0 ? options.clients : [DEFAULT_CLIENT]).map((c) => ({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    tenantId: c.tenantId ?? tenantId,
  }));
  const publicHost = options.publicHost ?? 'localhost';
  const certDir = options.certDir ?? (options.dataFile ? dirname(options.dataFile) : join(process.cwd(), '.tmp', 'azure-keyvault'));
  let tls: TlsFiles;
  if (options.certFile || options.keyFile) {
    if (!options.certFile || !options.keyFile) throw new Error('certFile and keyFile go together');
    tls = loadCertificate(options.certFile, options.keyFile);
  } else {
    const names = [...new Set(['localhost', '127.0.0.1', publicHost, ...vaults.map((v) => `${v.toLowerCase()}.localhost`)])];
    tls = ensureCertificate(certDir, names);
  }
  const signer = TokenSigner.inDir(certDir);
  const entra: EntraContext = {
    signer,
    clients,
    tenants: new Set([tenantId, ...clients.map((c) => c.tenantId)]),
    nowSeconds: () => emulator.nowSeconds(),
  };
  const emulator = new Emulator(vaults, tenantId, signer, entra, { ...options, retentionDays });

  const host = options.host ?? '127.0.0.1';
  const basePort = options.port ?? DEFAULT_PORT;
  const servers: (HttpServer | HttpsServer)[] = [];
  const ports: number[] = [];
  try {
    for (const [index, vault] of vaults.entries()) {
      const server = createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
        emulator.handle(req, res, vault).catch((error: unknown) => {
          console.error('azure-keyvault emulator: request failed', error);
          if (!res.headersSent) sendJson(res, 500, internalError().body());
        });
      });
      servers.push(server);
      ports.push(await listen(server, basePort === 0 ? 0 : basePort + index, host));
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }
  const origin = (port: number) => `https://${publicHost}:${port}`;
  emulator.authorityOrigin = origin(ports[0]!);

  const identityHeader = options.identityHeader ?? DEFAULT_IDENTITY_HEADER;
  const managedIdentityClientId = options.managedIdentityClientId ?? DEFAULT_MANAGED_IDENTITY_CLIENT_ID;
  let identityEndpoint: string | undefined;
  if (options.identityPort !== false) {
    const identityContext: ManagedIdentityContext = {
      signer,
      tenantId,
      clientId: managedIdentityClientId,
      identityHeader,
      issuerOrigin: emulator.authorityOrigin,
      nowSeconds: () => emulator.nowSeconds(),
    };
    const identity = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => emulator.handleIdentity(req, res, identityContext));
    });
    servers.push(identity);
    try {
      identityEndpoint = `http://127.0.0.1:${await listen(identity, options.identityPort ?? DEFAULT_IDENTITY_PORT, '127.0.0.1')}`;
    } catch (error) {
      await Promise.all(servers.map(closeServer));
      throw error;
    }
  }

  return {
    url: origin(ports[0]!),
    port: ports[0]!,
    vaults,
    vaultUrl(name = vaults[0]!) {
      const index = vaults.findIndex((v) => v.toLowerCase() === name.toLowerCase());
      if (index < 0) throw new Error(`no vault named ${name}`);
      return origin(ports[index]!);
    },
    authorityHost: emulator.authorityOrigin,
    tenantId,
    clientId: clients[0]!.clientId,
    clientSecret: clients[0]!.clientSecret,
    caPem: tls.certPem,
    certPath: tls.certPath,
    identityEndpoint,
    identityHeader,
    managedIdentityClientId,
    async close() {
      await Promise.all(servers.map(closeServer));
      await emulator.flush();
    },
  };
}
