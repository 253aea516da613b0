import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientRegistration } from './clients';
import { pathSegments, sendJson } from './http';
import type { TokenSigner } from './tokens';

/**
 * The Microsoft Entra endpoints ClientSecretCredential (MSAL) uses: OpenID configuration, the v2.0
 * token endpoint (client credentials), signing keys, and instance discovery. The issuer is on the
 * origin the client used, as MSAL requires.
 */
export interface EntraContext {
  signer: TokenSigner;
  clients: Required<ClientRegistration>[];
  tenants: Set<string>;
  nowSeconds(): number;
}

const originOf = (req: IncomingMessage) => `https://${req.headers.host ?? 'localhost'}`;

function entraError(res: ServerResponse, status: number, error: string, code: number, description: string): string {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  sendJson(res, status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
  return `${error}:AADSTS${code}`;
}

const tenantNotFound = (res: ServerResponse, tenant: string) =>
  entraError(
    res,
    400,
    'invalid_tenant',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );

function openIdConfiguration(origin: string, tenant: string): object {
  const base = `${origin}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'localhost',
    cloud_graph_host_name: 'localhost',
    msgraph_host: 'localhost',
  };
}

function tokenRequest(req: IncomingMessage, res: ServerResponse, body: Buffer, tenant: string, ctx: EntraContext): string {
  const form = new URLSearchParams(body.toString('utf8'));
  const required = (name: string) =>
    entraError(res, 400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
  const grantType = form.get('grant_type');
  if (!grantType) return required('grant_type');
  if (grantType !== 'client_credentials') {
    return entraError(res, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  }
  const clientId = form.get('client_id');
  if (!clientId) return required('client_id');
  const client = ctx.clients.find((c) => c.clientId === clientId && c.tenantId === tenant);
  if (!client) {
    return entraError(
      res,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const secret = form.get('client_secret');
  if (!secret) {
    return entraError(res, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (secret !== client.clientSecret) {
    return entraError(
      res,
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }
  const scopes = (form.get('scope') ?? '').split(' ').filter((s) => s !== '');
  if (scopes.length === 0) return required('scope');
  const resourceScope = scopes.find((s) => s.endsWith('/.default'));
  if (!resourceScope) {
    return entraError(
      res,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const token = ctx.signer.issue({
    aud: resourceScope.slice(0, -'/.default'.length),
    iss: `${originOf(req)}/${tenant}/v2.0`,
    tid: tenant,
    appid: clientId,
    nowSeconds: ctx.nowSeconds(),
  });
  sendJson(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  return 'token-issued';
}

/** Serves the request if it is an Entra one and returns its outcome; undefined otherwise. */
export function handleEntra(req: IncomingMessage, res: ServerResponse, body: Buffer, ctx: EntraContext): string | undefined {
  const [tenant = '', ...rest] = pathSegments(req);
  const route = `${req.method ?? 'GET'} ${rest.join('/')}`;
  const origin = originOf(req);
  if (tenant === 'common' && route === 'GET discovery/instance') {
    const host = req.headers.host ?? 'localhost';
    sendJson(res, 200, {
      tenant_discovery_endpoint: `${origin}/{tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
    return 'instance-discovery';
  }
  const known = ctx.tenants.has(tenant);
  switch (route) {
    case 'GET v2.0/.well-known/openid-configuration':
      if (!known) return tenantNotFound(res, tenant);
      sendJson(res, 200, openIdConfiguration(origin, tenant));
      return 'openid-configuration';
    case 'GET discovery/v2.0/keys':
    case 'GET discovery/keys':
      sendJson(res, 200, ctx.signer.jwks());
      return 'jwks';
    case 'POST oauth2/v2.0/token':
      if (!known) return tenantNotFound(res, tenant);
      return tokenRequest(req, res, body, tenant, ctx);
    default:
      return undefined;
  }
}
