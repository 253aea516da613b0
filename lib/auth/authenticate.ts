import 'server-only';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { burnPasswordCheck, verifyPassword } from './password';

const credentials = z.object({ username: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(256) });

/** Returns the user for a correct username and password, else null (never says which was wrong). */
export async function authenticate(input: unknown): Promise<{ id: string; name: string } | null> {
  const parsed = credentials.safeParse(input);
  if (!parsed.success) return null;
  const { username, password } = parsed.data;
  const user = await getDb().user.findUnique({ where: { username } });
  if (!user) {
    await burnPasswordCheck(password);
    return null;
  }
  return (await verifyPassword(password, user.passwordHash)) ? { id: user.id, name: user.username } : null;
}
