import { testProvider } from '@/lib/providers/test-provider';
import { handle } from '../../../_lib/respond';

/** POST /api/providers/:name/test → {ok, detail, error?: {code, message, permission?}}. */
export function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return handle(request, async (ctx) => testProvider({ name: (await params).name }, ctx));
}
