import 'server-only';
import { getDb } from '@/lib/db/client';

export interface UserView {
  username: string;
  roles: string[];
  disabled: boolean;
  createdAt: Date;
}

export async function listUsers(): Promise<UserView[]> {
  const users = await getDb().user.findMany({ orderBy: { username: 'asc' } });
  return users.map((u) => ({ username: u.username, roles: u.roles, disabled: Boolean(u.disabledAt), createdAt: u.createdAt }));
}
