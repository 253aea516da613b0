import 'server-only';
import { forbidden } from 'next/navigation';
import type { UseCaseContext } from '@/lib/auth/actor';
import { currentRequestInfo } from '@/lib/auth/request-info';
import { requirePageActor } from '@/lib/auth/session';
import { isDomainError } from '@/lib/errors';

/** For pages: the signed-in actor (else a redirect to the sign-in page) and the request. */
export async function pageContext(): Promise<UseCaseContext> {
  return { actor: await requirePageActor(), request: await currentRequestInfo() };
}

/**
 * A page's own read: the use case checks the permission (and audits a refusal), so the page does
 * not check it again; a refusal renders the 403 page.
 */
export async function readOrForbidden<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (isDomainError(err) && err.code === 'forbidden') forbidden();
    throw err;
  }
}
