import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb } from '@/lib/db/client';

export interface UserView {
  username: string;
  roles: string[];
  disabled: boolean;
  createdAt: Date;
}

export async function listUsers(ctx: UseCaseContext): Promise<UserView[]> {
  await authorizeRead(ctx, 'user.read');
  const users = await (ctx.tx ?? getDb()).user.findMany({ orderBy: { username: 'asc' } });
  return users.map((u) => ({ username: u.username, roles: u.roles, disabled: Boolean(u.disabledAt), createdAt: u.createdAt }));
}
