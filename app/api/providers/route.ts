import { createProvider } from '@/lib/providers/create-provider';
import { listProviders } from '@/lib/providers/read-providers';
import { handle, handlePerformed, readJsonObject } from '../_lib/respond';

/** GET /api/providers → { installationId, providers: [...] } (credentials: which form is set, never a value). */
export function GET(request: Request) {
  return handle(request, (ctx) => listProviders(ctx));
}

/** POST /api/providers {name, kind, keyCollection, endpoint?, caBundle?, credentials?} → 201 with the provider. */
export function POST(request: Request) {
  return handlePerformed(request, async (ctx) => createProvider(await readJsonObject(request), ctx), 201);
}
