import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { E2E_ADMIN_PASSWORD, E2E_DATA_DIR } from '../playwright.config';

/** The embedded database of the `npm start` under test (the launcher records where it is). */
export async function queryDb<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const { databaseUrl } = JSON.parse(readFileSync(path.join(E2E_DATA_DIR, 'runtime.json'), 'utf8'));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function signIn(page: Page, username = 'admin', password = E2E_ADMIN_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** sonner's live region (components/ui/toaster.tsx): every toast shown, newest first. */
export function toasts(page: Page) {
  return page.getByRole('region', { name: 'Notifications' });
}

/** Another user, in a browser of their own, approves the pending request for this operation on the key. */
export async function approveInOwnBrowser(browser: Browser, approver: string, password: string, operation: string, key: string) {
  const [request] = await queryDb<{ number: number }>(
    `SELECT number FROM approval_requests WHERE operation = $1 AND target = $2 AND state = 'pending'`,
    [operation, `key:${key}`],
  );
  expect(request, `a pending ${operation} request`).toBeTruthy();
  const context = await browser.newContext();
  try {
    const ap = await context.newPage();
    await signIn(ap, approver, password);
    // Approvers decide on the request's page (the list links there).
    await ap.goto(`/approvals/${request!.number}`);
    const card = ap.locator(`section[data-request="${request!.number}"]`);
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    // Approving an irreversible operation asks first (components/decision-form.tsx).
    if (operation === 'key.delete' || operation === 'key.remove_from_provider') {
      await ap.getByRole('button', { name: `Approve request #${request!.number}`, exact: true }).click();
    }
    await expect(toasts(ap)).toContainText(`Approved request #${request!.number}: the operation ran.`);
  } finally {
    await context.close();
  }
}

/**
 * An approver whose role another admin granted. An approval counts only from an approver whose
 * role the requester did not grant (lib/approvals/README.md): specs that request as the seeded
 * admin need an approver that admin did not make, as an organisation with two admins would have.
 */
export async function createIndependentApprover(browser: Browser, admin: Page, username: string, password: string) {
  const grantor = `${username}-grantor`;
  const made = await admin.request.post('/api/users', { data: { username: grantor, password, roles: ['admin'] } });
  expect(made.status(), await made.text()).toBe(201);
  const context = await browser.newContext();
  try {
    const other = await context.newPage();
    await signIn(other, grantor, password);
    const user = await other.request.post('/api/users', { data: { username, password, roles: ['approver', 'viewer'] } });
    expect(user.status(), await user.text()).toBe(201);
  } finally {
    await context.close();
  }
}
