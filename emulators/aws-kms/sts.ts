import type { IncomingMessage, ServerResponse } from 'node:http';
import { sessionPrincipal, trusts, type Credentials, type Principal, type RoleConfig, type Session } from './credentials';
import { KmsError } from './errors';
import { signerOf } from './protocol';
import { integer, parseInput, required, string, type Input, type Shape } from './shapes';
import { parseForm, sendStsError, sendStsResult, StsError, STS_VERSION, type XmlValue } from './sts-protocol';
import { verifyWebIdentityToken, type OidcConfig } from './web-identity';

/** What STS needs from the running emulator. */
export interface StsTarget {
  credentials: Credentials;
  oidc: OidcConfig | undefined;
  checkCredentials: boolean;
  now(): number;
}

// Constraints of the STS model (arnType, roleSessionNameType, externalIdType, clientTokenType, ...).
const ROLE_ARN = required(string({ min: 20, max: 2048 }));
const ROLE_SESSION_NAME = string({ min: 2, max: 64, pattern: /^[\w+=,.@-]*$/ });
const DURATION_SECONDS = integer({ min: 900, max: 43200 });
const POLICY = string({ min: 1, max: 2048 });

const ASSUME_ROLE = {
  RoleArn: ROLE_ARN,
  RoleSessionName: required(ROLE_SESSION_NAME),
  DurationSeconds: DURATION_SECONDS,
  ExternalId: string({ min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/ }),
  Policy: POLICY,
  SourceIdentity: string({ min: 2, max: 64, pattern: /^[\w+=,.@-]*$/ }),
} satisfies Shape;

const ASSUME_ROLE_WITH_WEB_IDENTITY = {
  RoleArn: ROLE_ARN,
  RoleSessionName: required(ROLE_SESSION_NAME),
  WebIdentityToken: required(string({ min: 4, max: 20000 })),
  ProviderId: string({ min: 4, max: 2048 }),
  DurationSeconds: DURATION_SECONDS,
  Policy: POLICY,
} satisfies Shape;

const DEFAULT_SESSION_SECONDS = 3600;
const DEFAULT_MAX_SESSION_SECONDS = 43200;

/** Form values are text; numeric members become numbers so the model's ranges apply. */
function validated<S extends Shape>(shape: S, form: Record<string, string>): Input<S> {
  const raw: Record<string, unknown> = { ...form };
  if (raw.DurationSeconds !== undefined && /^-?\d+$/.test(form.DurationSeconds!)) raw.DurationSeconds = Number(form.DurationSeconds);
  try {
    return parseInput(shape, raw);
  } catch (error) {
    if (error instanceof KmsError) throw new StsError('ValidationError', error.message);
    throw error;
  }
}

/** The signed caller; with credential checking on, only known, unexpired keys pass. */
function caller(req: IncomingMessage, target: StsTarget): { accessKeyId: string; principal: Principal } {
  const signer = signerOf(req);
  if (!signer) throw new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  if (target.checkCredentials) {
    const check = target.credentials.check(signer.accessKeyId, signer.sessionToken, target.now());
    if (check === 'unknown') throw new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    if (check === 'expired') throw new StsError('ExpiredToken', 'The security token included in the request is expired');
  }
  return { accessKeyId: signer.accessKeyId, principal: target.credentials.principalOf(signer.accessKeyId) };
}

function sessionSeconds(role: RoleConfig, requested: number | undefined): number {
  const seconds = requested ?? DEFAULT_SESSION_SECONDS;
  if (seconds > (role.maxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS)) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return seconds;
}

function issued(session: Session): Record<string, XmlValue> {
  const principal = sessionPrincipal(session);
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: new Date(session.expiration).toISOString(),
    },
    AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
  };
}

type Action = (req: IncomingMessage, form: Record<string, string>, target: StsTarget, log: (key: string) => void) => Record<string, XmlValue>;

const ACTIONS: Record<string, Action> = {
  AssumeRole(req, form, target, log) {
    const { accessKeyId, principal } = caller(req, target);
    const input = validated(ASSUME_ROLE, form);
    log(input.RoleArn);
    const role = target.credentials.role(input.RoleArn);
    const denied = () =>
      new StsError('AccessDenied', `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, 403);
    if (!role || !trusts(role, [accessKeyId, principal.arn, ...(principal.roleArn ? [principal.roleArn] : [])])) throw denied();
    if (role.externalId !== undefined && input.ExternalId !== role.externalId) throw denied();
    const session = target.credentials.issue(role, input.RoleSessionName, sessionSeconds(role, input.DurationSeconds), target.now());
    return { ...issued(session), PackedPolicySize: 0 };
  },

  AssumeRoleWithWebIdentity(_req, form, target, log) {
    const input = validated(ASSUME_ROLE_WITH_WEB_IDENTITY, form);
    log(input.RoleArn);
    const claims = verifyWebIdentityToken(input.WebIdentityToken, target.oidc, target.now() / 1000);
    const role = target.credentials.role(input.RoleArn);
    if (!role || !trusts(role, [claims.sub])) {
      throw new StsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
    }
    const session = target.credentials.issue(role, input.RoleSessionName, sessionSeconds(role, input.DurationSeconds), target.now());
    return {
      ...issued(session),
      SubjectFromWebIdentityToken: claims.sub,
      Audience: claims.aud,
      Provider: claims.iss.replace(/^https:\/\//, ''),
    };
  },

  GetCallerIdentity(req, _form, target) {
    const { principal } = caller(req, target);
    return { UserId: principal.userId, Account: principal.account, Arn: principal.arn };
  },
};

/** Serves one STS request; returns the log's operation name and outcome. */
export function handleSts(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  target: StsTarget,
): { operation: string; key: string | undefined; outcome: string } {
  const form = parseForm(body);
  const name = form.Action ?? '';
  let key: string | undefined;
  try {
    const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
    if (!action || form.Version !== STS_VERSION) {
      throw new StsError('InvalidAction', `Could not find operation ${name} for version ${form.Version ?? 'NO_VERSION_SPECIFIED'}`);
    }
    sendStsResult(res, name, action(req, form, target, (k) => (key = k)));
    return { operation: `sts:${name}`, key, outcome: 'ok' };
  } catch (error) {
    if (!(error instanceof StsError)) throw error;
    sendStsError(res, error);
    return { operation: `sts:${name || '-'}`, key, outcome: error.code };
  }
}
