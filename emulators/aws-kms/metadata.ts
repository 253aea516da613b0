import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { roleParts, type Credentials, type RoleConfig, type Session } from './credentials';

/**
 * The two endpoints through which a machine's or a task's role reaches the SDK: EC2 instance
 * metadata (IMDSv2 only: a token first, then the role name, then its credentials) and the ECS
 * container credentials endpoint. Both hand out sessions of the one configured instance role.
 */
export interface MetadataTarget {
  credentials: Credentials;
  instanceRole: RoleConfig | undefined;
  containerPath: string;
  containerToken: string | undefined;
  now(): number;
}

export const DEFAULT_CONTAINER_PATH = '/v2/credentials/emulator';
const IMDS_TOKEN_PATH = '/latest/api/token';
const IMDS_CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/';
const MAX_TOKEN_TTL_SECONDS = 21600;
const SESSION_SECONDS = 6 * 3600;
/** A session is handed out again until this little of it is left, as IMDS rotates ahead of expiry. */
const RENEW_BEFORE_MS = 15 * 60 * 1000;
const INSTANCE_ID = `i-${randomBytes(8).toString('hex').slice(0, 17)}`;
const TASK_ID = randomBytes(16).toString('hex');

const isMetadataPath = (path: string, target: MetadataTarget) =>
  path === IMDS_TOKEN_PATH || path.startsWith('/latest/') || path === target.containerPath;

function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export class Metadata {
  private readonly tokens = new Map<string, number>();
  private readonly current = new Map<string, Session>();

  constructor(private readonly target: MetadataTarget) {}

  private session(kind: 'instance' | 'task', role: RoleConfig): Session {
    const now = this.target.now();
    const existing = this.current.get(kind);
    if (existing && existing.expiration - now > RENEW_BEFORE_MS) return existing;
    const session = this.target.credentials.issue(role, kind === 'instance' ? INSTANCE_ID : TASK_ID, SESSION_SECONDS, now);
    this.current.set(kind, session);
    return session;
  }

  private credentialsJson(kind: 'instance' | 'task', role: RoleConfig): string {
    const session = this.session(kind, role);
    const common = {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      Token: session.sessionToken,
      Expiration: new Date(session.expiration).toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    const lastUpdated = new Date(session.expiration - SESSION_SECONDS * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    if (kind === 'task') return JSON.stringify({ ...common, RoleArn: role.arn });
    return JSON.stringify({ Code: 'Success', LastUpdated: lastUpdated, Type: 'AWS-HMAC', ...common }, null, 2);
  }

  private validToken(req: IncomingMessage): boolean {
    const token = req.headers['x-aws-ec2-metadata-token'];
    const expiry = typeof token === 'string' ? this.tokens.get(token) : undefined;
    return expiry !== undefined && this.target.now() < expiry;
  }

  /** Serves a metadata request and returns its log outcome, or undefined for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): { operation: string; outcome: string } | undefined {
    const role = this.target.instanceRole;
    const path = new URL(req.url ?? '/', 'http://metadata').pathname;
    if (!role || !isMetadataPath(path, this.target)) return undefined;
    const answer = (operation: string, status: number, text: string, type?: string) => {
      sendText(res, status, text, type);
      return { operation, outcome: String(status) };
    };
    if (path === this.target.containerPath) {
      if (req.method !== 'GET') return answer('container:credentials', 405, '');
      const expected = this.target.containerToken;
      if (expected !== undefined && req.headers.authorization !== expected) {
        return answer('container:credentials', 401, JSON.stringify({ code: 'Unauthorized', message: 'Authorization token is missing or invalid.' }), 'application/json');
      }
      return answer('container:credentials', 200, this.credentialsJson('task', role), 'application/json');
    }
    if (path === IMDS_TOKEN_PATH) {
      if (req.method !== 'PUT') return answer('imds:token', 405, '');
      const ttl = Number(req.headers['x-aws-ec2-metadata-token-ttl-seconds']);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) return answer('imds:token', 400, '');
      const token = randomBytes(42).toString('base64url');
      this.tokens.set(token, this.target.now() + ttl * 1000);
      res.setHeader('x-aws-ec2-metadata-token-ttl-seconds', String(ttl));
      return answer('imds:token', 200, token);
    }
    if (req.method !== 'GET') return answer('imds:get', 405, '');
    if (!this.validToken(req)) return answer('imds:get', 401, '');
    const roleName = roleParts(role.arn)!.name;
    if (path === IMDS_CREDENTIALS_PATH) return answer('imds:role', 200, roleName);
    if (path === `${IMDS_CREDENTIALS_PATH}${roleName}`) return answer('imds:credentials', 200, this.credentialsJson('instance', role));
    return answer('imds:get', 404, '');
  }
}
