import { toActionResult } from '@/lib/actions/result';
import { requireContext } from '@/lib/auth/session';
import { getPublicKey } from '@/lib/keys/get-public-key';
import { errorResponse, NO_STORE } from '../../../../../_lib/respond';

type Context = { params: Promise<{ name: string; version: string }> };

/**
 * GET /api/keys/:name/versions/:version/public-key → the version's public key as a PEM download
 * (SPKI; never private material). 404 for symmetric keys, which have no public part.
 */
export async function GET(_request: Request, { params }: Context) {
  const result = await toActionResult(async () => getPublicKey(await params, await requireContext()));
  if (!result.ok) return errorResponse(result);
  const { filename, pem, fingerprint } = result.data;
  return new Response(pem, {
    headers: {
      ...NO_STORE,
      'Content-Type': 'application/x-pem-file',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'X-Key-Fingerprint-SHA256': fingerprint,
    },
  });
}
