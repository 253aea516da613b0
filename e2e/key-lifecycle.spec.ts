import { expect, test, type Page } from '@playwright/test';
import { queryDb, signIn, toasts } from './support';

type Policy = { requiredApprovals: number; expiresAfterHours: number };

async function setPolicy(page: Page, operation: string, policy: Policy) {
  const response = await page.request.put(`/api/policies/${operation}`, { data: policy });
  expect(response.status(), await response.text()).toBe(200);
}

/**
 * Runs `fn` with these operations needing no approval, then puts their policies back. This spec
 * is about the key lifecycle; e2e/governance.spec.ts walks the approval path.
 */
async function withoutApprovals(page: Page, operations: string[], fn: () => Promise<void>) {
  const before = (await (await page.request.get('/api/policies')).json()) as ({ operation: string } & Policy)[];
  for (const operation of operations) await setPolicy(page, operation, { requiredApprovals: 0, expiresAfterHours: 24 });
  try {
    await fn();
  } finally {
    for (const operation of operations) {
      const { requiredApprovals, expiresAfterHours } = before.find((p) => p.operation === operation)!;
      await setPolicy(page, operation, { requiredApprovals, expiresAfterHours });
    }
  }
}

test('an operator signs in and walks a key through create, rotate, min_enabled_version and delete', async ({ page, browser }) => {
  const name = `e2e-${Date.now()}`;
  await signIn(page);
  await expect(page.getByTestId('current-roles')).toHaveText('viewer · operator · approver · auditor · admin');
  await withoutApprovals(page, ['key.raise_min_enabled_version', 'key.delete'], () => lifecycle(page, name));

  // Signing out ends the session on the server: a copy of its cookie, taken before, is refused too.
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name.includes('session-token'))).toBe(true);
  // Headers any client can send decide nothing: the IP is the connection's, the request id ours.
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': '198.51.100.1', 'x-keywarden-peer-address': '198.51.100.2', 'x-request-id': 'e2e-sign-out' });
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  const [signOut] = await queryDb<{ ip: string; request_id: string; client_request_id: string }>(
    `SELECT ip, request_id, client_request_id FROM audit_events WHERE action = 'auth.sign_out' ORDER BY seq DESC LIMIT 1`,
  );
  expect(signOut).toMatchObject({ client_request_id: 'e2e-sign-out', request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(['127.0.0.1', '::1']).toContain(signOut!.ip);
  await page.setExtraHTTPHeaders({});
  await page.goto('/keys');
  await expect(page).toHaveURL(/\/login/);
  const elsewhere = await browser.newContext();
  try {
    await elsewhere.addCookies(copied);
    const thief = await elsewhere.newPage();
    await thief.goto('/keys');
    await expect(thief).toHaveURL(/\/login/);
    expect((await thief.request.get('/api/keys')).status()).toBe(401);
    // Auth.js's own session endpoint says so too: it must not vouch for a revoked cookie.
    expect(await (await thief.request.get('/api/auth/session')).json()).toBeNull();
    const { csrfToken } = (await (await thief.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    expect(await (await thief.request.post('/api/auth/session', { data: { csrfToken } })).json()).toBeNull();
  } finally {
    await elsewhere.close();
  }
});

async function lifecycle(page: Page, name: string) {
  // Wrong input gets a message next to the field and changes nothing.
  await page.getByRole('link', { name: 'Keys', exact: true }).click();
  await page.goto('/new-key');
  await page.getByLabel('Name').fill('not a valid name');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.locator('#key-name-error')).toContainText('letters, digits');
  expect(await queryDb('SELECT 1 FROM keys WHERE name = $1', ['not a valid name'])).toHaveLength(0);

  // Create an ECDSA P-256 key: version 1 at once, with its public key.
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Type').selectOption('ecdsa-p256');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page).toHaveURL(new RegExp(`/keys/${name}$`));
  await expect(toasts(page)).toContainText(`Key "${name}" created`);
  // The Versions table (the page also shows the key's history to auditors).
  const versionRows = page.getByRole('table', { name: 'Versions' }).locator('tbody tr');
  await expect(versionRows).toHaveCount(1);
  await expect(page.locator('pre').first()).toContainText('-----BEGIN PUBLIC KEY-----');

  // Rotate twice.
  for (const expected of [2, 3]) {
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await expect(toasts(page)).toContainText(`Rotated "${name}" to version ${expected}`);
    await expect(versionRows).toHaveCount(expected);
  }

  // min_enabled_version out of range is refused next to the field; in range it disables older versions.
  await page.getByLabel('Minimum enabled version').fill('9');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('#min-enabled-version-error')).toContainText('between 0 and 3');
  await page.getByLabel('Minimum enabled version').fill('3');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved min_enabled_version.')).toBeVisible();
  await expect(versionRows.filter({ hasText: 'Disabled' })).toHaveCount(2);
  const [stored] = await queryDb<{ latest_version: number; min_enabled_version: number }>(
    'SELECT latest_version, min_enabled_version FROM keys WHERE name = $1',
    [name],
  );
  expect(stored).toEqual({ latest_version: 3, min_enabled_version: 3 });

  // Delete is refused while deletion_allowed is false, and the button says so before it is tried…
  const deleteKey = page.getByRole('button', { name: 'Delete key' });
  await expect(deleteKey).toBeDisabled();
  await expect(deleteKey).toHaveAccessibleDescription(/Deletion is not allowed for this key/);

  // …and goes through once it is allowed.
  await page.getByLabel('Allow deletion').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved deletion_allowed.')).toBeVisible();
  await deleteKey.click();
  const dialog = page.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: 'Delete permanently' });
  await dialog.getByLabel(/Type .* to confirm/).fill(name.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type .* to confirm/).fill(name);
  await confirm.click();
  await expect(page).toHaveURL(/\/keys$/);
  expect(await queryDb('SELECT 1 FROM keys WHERE name = $1', [name])).toHaveLength(0);
  expect(await queryDb('SELECT 1 FROM key_versions kv JOIN keys k ON k.id = kv.key_id WHERE k.name = $1', [name])).toHaveLength(0);
}

test('the key list searches, filters and paginates on the server', async ({ page }) => {
  await signIn(page);
  const prefix = `list${Date.now()}`;
  for (let i = 0; i < 3; i++) {
    const res = await page.request.post('/api/keys', { data: { name: `${prefix}-${i}`, type: i === 2 ? 'rsa-2048' : 'aes256-gcm96' } });
    expect(res.status()).toBe(201);
  }
  const duplicate = await page.request.post('/api/keys', { data: { name: `${prefix}-0`, type: 'aes256-gcm96' } });
  expect(duplicate.status()).toBe(409);
  expect(await duplicate.json()).toMatchObject({ code: 'conflict' });

  await page.goto(`/keys?q=${prefix}&pageSize=2`);
  const rows = page.locator('table tbody tr');
  await expect(rows).toHaveCount(2);
  await page.goto(`/keys?q=${prefix}&pageSize=2&page=2`);
  await expect(rows).toHaveCount(1);
  await page.goto(`/keys?q=${prefix}&type=rsa-2048`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`${prefix}-2`);
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong username or password.')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('End all sessions signs the user out in every browser', async ({ page, browser }) => {
  await signIn(page);
  const laptop = await browser.newContext();
  try {
    const other = await laptop.newPage();
    await signIn(other);
    await other.getByRole('button', { name: 'End all sessions' }).click();
    await expect(other).toHaveURL(/\/login/);
    // The first browser did nothing, and is signed out too.
    await page.goto('/keys');
    await expect(page).toHaveURL(/\/login/);
  } finally {
    await laptop.close();
  }
  const open = await queryDb<{ n: number }>(
    `SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'admin' AND s.revoked_at IS NULL`,
  );
  expect(open[0]!.n).toBe(0);
  const [event] = await queryDb<{ params: { sessions: number } }>(
    `SELECT params FROM audit_events WHERE action = 'auth.sign_out_everywhere' ORDER BY seq DESC LIMIT 1`,
  );
  expect(event!.params.sessions).toBeGreaterThanOrEqual(2);
});
