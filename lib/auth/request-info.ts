import 'server-only';
import { randomUUID } from 'node:crypto';
import type { BlockList } from 'node:net';
import { headers } from 'next/headers';
import { cache } from 'react';
import type { RequestInfo } from './actor';
import { clientAddress, clientRequestId, trustedProxies } from './client-address';
import { PEER_ADDRESS_HEADER } from './peer-address';

/**
 * Where this request came from, for the audit log. The request id is always ours (one per
 * request); a client's X-Request-Id is kept apart, bounded. The address is the connection's
 * peer, or what trusted proxies forwarded (lib/auth/client-address.ts).
 */
export function requestInfoFrom(h: Headers, trusted: BlockList = trustedProxies()): RequestInfo {
  return {
    requestId: randomUUID(),
    clientRequestId: clientRequestId(h.get('x-request-id')),
    ip: clientAddress(h.get(PEER_ADDRESS_HEADER), h.get('x-forwarded-for'), trusted),
    userAgent: h.get('user-agent'),
  };
}

export const currentRequestInfo = cache(async (): Promise<RequestInfo> => requestInfoFrom(await headers()));
