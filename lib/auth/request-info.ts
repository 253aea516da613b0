import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { cache } from 'react';
import type { RequestInfo } from './actor';

/** Where this request came from, for the audit log. One request id per request. */
export function requestInfoFrom(h: Headers): RequestInfo {
  return {
    requestId: h.get('x-request-id') ?? randomUUID(),
    ip: h.get('x-forwarded-for')?.split(',')[0]?.trim() || h.get('x-real-ip') || null,
    userAgent: h.get('user-agent'),
  };
}

export const currentRequestInfo = cache(async (): Promise<RequestInfo> => requestInfoFrom(await headers()));
