import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf, queryOf, sendJson } from './http';
import { TOKEN_LIFETIME_SECONDS, type TokenSigner } from './tokens';

/**
 * Managed identity token endpoints over plain HTTP, as Azure serves them to a workload: IMDS
 * (`/metadata/identity/oauth2/token`, header `Metadata: true`) and App Service
 * (`/msi/token`, header `X-IDENTITY-HEADER`). Tokens are the same JWTs Entra issues here.
 */
export interface ManagedIdentityContext {
  signer: TokenSigner;
  tenantId: string;
  clientId: string;
  identityHeader: string;
  /** Origin of the Entra issuer (the HTTPS endpoint). */
  issuerOrigin: string;
  nowSeconds(): number;
}

const invalidRequest = (res: ServerResponse, description: string, status = 400) => {
  sendJson(res, status, { error: 'invalid_request', error_description: description });
  return `invalid_request`;
};

export function handleManagedIdentity(req: IncomingMessage, res: ServerResponse, ctx: ManagedIdentityContext): string {
  const path = pathOf(req).replace(/\/+$/, '');
  const query = queryOf(req);
  const imds = path === '/metadata/identity/oauth2/token';
  const appService = path === '/msi/token';
  if (req.method !== 'GET' || (!imds && !appService)) {
    sendJson(res, 404, { error: 'not_found', error_description: `No managed identity endpoint at ${path}` });
    return 'not_found';
  }
  if (imds && req.headers.metadata !== 'true') return invalidRequest(res, 'Required metadata header not specified');
  if (appService && req.headers['x-identity-header'] !== ctx.identityHeader) {
    return invalidRequest(res, 'The X-IDENTITY-HEADER header is missing or does not match.', 401);
  }
  if (!query.get('api-version')) return invalidRequest(res, "Required query variable 'api-version' is missing");
  const resource = query.get('resource');
  if (!resource) return invalidRequest(res, "Required query variable 'resource' is missing");
  const requested = query.get('client_id') ?? query.get('mi_res_id') ?? query.get('msi_res_id');
  if (requested !== null && requested !== ctx.clientId) {
    return invalidRequest(res, 'Identity not found');
  }
  const now = ctx.nowSeconds();
  const token = ctx.signer.issue({
    aud: resource.replace(/\/+$/, '').replace(/\/\.default$/, ''),
    iss: `${ctx.issuerOrigin}/${ctx.tenantId}/v2.0`,
    tid: ctx.tenantId,
    appid: ctx.clientId,
    nowSeconds: now,
  });
  const expiresOn = String(now + TOKEN_LIFETIME_SECONDS);
  sendJson(
    res,
    200,
    imds
      ? {
          access_token: token,
          client_id: ctx.clientId,
          expires_in: String(TOKEN_LIFETIME_SECONDS),
          expires_on: expiresOn,
          ext_expires_in: String(TOKEN_LIFETIME_SECONDS),
          not_before: String(now),
          resource,
          token_type: 'Bearer',
        }
      : { access_token: token, expires_on: expiresOn, resource, token_type: 'Bearer', client_id: ctx.clientId },
  );
  return imds ? 'imds-token' : 'app-service-token';
}
