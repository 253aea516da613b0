import { createHash, randomBytes } from 'node:crypto';

/**
 * Who signs requests: static access keys (IAM users), roles, and the sessions STS and the
 * metadata endpoints issue for them. Sessions live in memory only and expire on the emulator's
 * clock, so advancing it through the admin endpoint expires them.
 */
export interface StaticAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** IAM user name in the caller's ARN; default: the access key id. */
  userName?: string;
}

export interface RoleConfig {
  /** arn:aws:iam::<account>:role/[path/]<name> */
  arn: string;
  /** Who may assume it: access key ids, principal ARNs, web identity subjects, or "*". Absent: anyone. */
  trusted?: string[];
  /** The ExternalId AssumeRole must carry; absent: none is required. */
  externalId?: string;
  /** Longest session AssumeRole may ask for (AWS's default for a role is 3600). Default 43200. */
  maxSessionDuration?: number;
}

export interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds, on the emulator's clock. */
  expiration: number;
  role: RoleConfig;
  sessionName: string;
}

export interface Principal {
  arn: string;
  userId: string;
  account: string;
  /** The role of an assumed-role session. */
  roleArn?: string;
}

export type KeyCheck = 'valid' | 'unknown' | 'expired';

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const uniqueId = (prefix: string, seed: string) => {
  const digest = createHash('sha256').update(seed).digest();
  return prefix + Array.from(digest.subarray(0, 17), (b) => BASE32[b % 32]).join('');
};

const randomKeyId = () => `ASIA${Array.from(randomBytes(16), (b) => BASE32[b % 32]).join('')}`;

export function roleParts(arn: string): { partition: string; account: string; name: string } | undefined {
  const match = ROLE_ARN.exec(arn);
  return match ? { partition: match[1]!, account: match[2]!, name: match[3]! } : undefined;
}

export function accessKey(value: StaticAccessKey | string): StaticAccessKey {
  const key =
    typeof value === 'string'
      ? (() => {
          const [accessKeyId = '', secretAccessKey = '', userName] = value.split(':');
          return { accessKeyId, secretAccessKey, ...(userName !== undefined && { userName }) };
        })()
      : value;
  if (!ACCESS_KEY_ID.test(key.accessKeyId) || !key.secretAccessKey) {
    throw new Error(`access key "${typeof value === 'string' ? value : key.accessKeyId}" must look like AKID:SECRET[:USER]`);
  }
  return { ...key };
}

/** The CLI form ROLE_ARN[:TRUST[,TRUST...]], a TRUST being a principal, a subject, "*" or external-id=ID. */
export function roleConfig(value: RoleConfig | string): RoleConfig {
  let role: RoleConfig;
  if (typeof value === 'string') {
    const match = /^(arn:[^:]+:iam::\d{12}:role\/[^:]+)(?::(.*))?$/.exec(value);
    if (!match) throw new Error(`role "${value}" must look like arn:aws:iam::<account>:role/<name>[:trusted,...]`);
    role = { arn: match[1]! };
    const entries = match[2]?.split(',').filter((t) => t !== '');
    if (entries) {
      const externalId = entries.find((t) => t.startsWith('external-id='));
      if (externalId) role.externalId = externalId.slice('external-id='.length);
      const trusted = entries.filter((t) => t !== externalId);
      if (trusted.length > 0) role.trusted = trusted;
    }
  } else {
    role = { ...value };
  }
  if (!roleParts(role.arn)) throw new Error(`role "${role.arn}" is not a role ARN (arn:aws:iam::<account>:role/<name>)`);
  return role;
}

export class Credentials {
  private readonly keys = new Map<string, StaticAccessKey>();
  private readonly roles = new Map<string, RoleConfig>();
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly account: string,
    keys: StaticAccessKey[],
    roles: RoleConfig[],
  ) {
    for (const key of keys) this.keys.set(key.accessKeyId, key);
    for (const role of roles) this.roles.set(role.arn, role);
  }

  role(arn: string): RoleConfig | undefined {
    return this.roles.get(arn);
  }

  /** Registers a role only the emulator itself issues sessions for (the instance role). */
  addIssuerOnlyRole(arn: string): RoleConfig {
    const existing = this.roles.get(arn);
    if (existing) return existing;
    const role = roleConfig({ arn, trusted: [] });
    this.roles.set(arn, role);
    return role;
  }

  issue(role: RoleConfig, sessionName: string, durationSeconds: number, now: number): Session {
    const session: Session = {
      accessKeyId: randomKeyId(),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJ${randomBytes(192).toString('base64')}`,
      expiration: now + durationSeconds * 1000,
      role,
      sessionName,
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }

  /** Only the key id, the session token and the expiry are checked; SigV4 signatures are not. */
  check(accessKeyId: string, sessionToken: string | undefined, now: number): KeyCheck {
    if (this.keys.has(accessKeyId)) return 'valid';
    const session = this.sessions.get(accessKeyId);
    if (!session || session.sessionToken !== sessionToken) return 'unknown';
    return now >= session.expiration ? 'expired' : 'valid';
  }

  /** Unknown keys are IAM users named after the key, so that unchecked requests still have a caller. */
  principalOf(accessKeyId: string): Principal {
    const session = this.sessions.get(accessKeyId);
    if (session) return sessionPrincipal(session);
    const userName = this.keys.get(accessKeyId)?.userName ?? accessKeyId;
    return {
      arn: `arn:aws:iam::${this.account}:user/${userName}`,
      userId: uniqueId('AIDA', `${this.account}:${userName}`),
      account: this.account,
    };
  }
}

export function sessionPrincipal(session: Session): Principal {
  const { partition, account, name } = roleParts(session.role.arn)!;
  return {
    arn: `arn:${partition}:sts::${account}:assumed-role/${name}/${session.sessionName}`,
    userId: `${uniqueId('AROA', session.role.arn)}:${session.sessionName}`,
    account,
    roleArn: session.role.arn,
  };
}

/** Whether any of the caller's names (key id, principal ARN, web identity subject) is trusted. */
export function trusts(role: RoleConfig, callerNames: string[]): boolean {
  if (role.trusted === undefined) return true;
  return role.trusted.some((t) => t === '*' || callerNames.includes(t));
}
