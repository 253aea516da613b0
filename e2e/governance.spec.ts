import { expect, test, type Locator, type Page } from '@playwright/test';
import { queryDb, signIn, toasts } from './support';

const PASSWORD = 'governance-pass-1';

/** The audit table's rows as "action outcome", newest first. */
function auditStory(page: Page): Promise<string[]> {
  return page
    .getByRole('table', { name: 'Audit events' })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => `${(row as HTMLElement).dataset.action} ${(row as HTMLElement).dataset.outcome}`));
}

/** A request's row in the approvals table (/approvals). */
function requestRow(page: Page, number: number): Locator {
  return page.locator(`tr[data-request="${number}"]`);
}

/** The request on its own page (/approvals/<number>), where approvers decide. */
function requestCard(page: Page, number: number): Locator {
  return page.locator(`section[data-request="${number}"]`);
}

/**
 * The open confirmation titled so. Found by its title rather than by role: components/ui's
 * ConfirmDialog currently renders its alert dialog without role="alertdialog".
 */
function confirmation(page: Page, title: string): Locator {
  return page.locator('[data-state="open"][aria-labelledby]').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

test('an operator asks to delete a key, another user approves it, and the audit log tells the whole story', async ({ browser, page }) => {
  const stamp = Date.now();
  const operator = `op-${stamp}`;
  const approver = `ap-${stamp}`;
  const keyName = `gov-${stamp}`;

  // The admin (every role) makes sure deletion needs one approval (the default) and adds two users.
  await signIn(page);
  const policy = await page.request.put('/api/policies/key.delete', { data: { requiredApprovals: 1, expiresAfterHours: 24 } });
  expect(policy.status()).toBe(200);

  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  const createForm = page.getByRole('form', { name: 'Add a user' });
  for (const [username, roles] of [
    [operator, ['operator', 'viewer']],
    [approver, ['approver', 'viewer']],
  ] as const) {
    await createForm.getByLabel('Username').fill(username);
    await createForm.getByLabel('Password').fill(PASSWORD);
    for (const role of roles) await createForm.getByRole('checkbox', { name: role, exact: true }).check();
    await createForm.getByRole('button', { name: 'Create user' }).click();
    await expect(createForm.getByText(`User "${username}" created.`)).toBeVisible();
    // The form starts over for the next user.
    await expect(createForm.getByLabel('Username')).toHaveValue('');
    await expect(page.locator(`tr[data-username="${username}"]`)).toContainText('Active');
  }
  expect(
    await queryDb('SELECT username, roles FROM users WHERE username = ANY($1) ORDER BY username', [[operator, approver]]),
  ).toEqual([
    { username: approver, roles: ['approver', 'viewer'] },
    { username: operator, roles: ['operator', 'viewer'] },
  ]);

  // The operator, in a browser of their own, creates a key, allows its deletion and asks to delete it.
  const operatorContext = await browser.newContext();
  const op = await operatorContext.newPage();
  await signIn(op, operator, PASSWORD);
  await expect(op.getByTestId('current-roles')).toHaveText('viewer · operator');
  await expect(op.getByRole('link', { name: 'Audit log' })).toHaveCount(0);

  await op.getByRole('link', { name: 'Keys', exact: true }).click();
  await op.getByRole('link', { name: 'New key' }).click();
  await expect(op.getByRole('heading', { name: 'New key' })).toBeVisible();
  await op.getByLabel('Name', { exact: true }).fill(keyName);
  await op.getByRole('button', { name: 'Create key' }).click();
  await expect(op).toHaveURL(new RegExp(`/keys/${keyName}$`));

  await op.getByLabel('Allow deletion').check();
  await op.getByRole('button', { name: 'Save settings' }).click();
  await expect(op.getByText('Saved deletion_allowed.')).toBeVisible();

  await op.getByRole('button', { name: 'Delete key' }).click();
  const dialog = op.getByRole('dialog');
  await expect(dialog).toContainText('needs 1 approval');
  await dialog.getByLabel(/Type .* to confirm/).fill(keyName);
  await dialog.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(dialog).toBeHidden();

  const [request] = await queryDb<{ id: string; number: number; state: string }>(
    `SELECT id, number, state FROM approval_requests WHERE operation = 'key.delete' AND target = $1`,
    [`key:${keyName}`],
  );
  expect(request?.state).toBe('pending');
  const { id: requestId, number } = request!;
  await expect(toasts(op)).toContainText(new RegExp(`Approval needed.*request #${number}\\b`));
  // The key stays until the request is approved; its page lists the request.
  await expect(op).toHaveURL(new RegExp(`/keys/${keyName}$`));
  await expect(op.getByTestId('pending-requests')).toContainText(`Request #${number}`);
  expect(await queryDb('SELECT 1 FROM keys WHERE name = $1', [keyName])).toHaveLength(1);

  // Asking again returns the same pending request instead of a second one.
  const again = await op.request.delete(`/api/keys/${keyName}`);
  expect(again.status()).toBe(202);
  expect(await again.json()).toMatchObject({ status: 'requested', request: { id: requestId, number, alreadyPending: true } });
  expect(await queryDb(`SELECT count(*)::int AS n FROM approval_requests WHERE target = $1 AND state = 'pending'`, [`key:${keyName}`])).toEqual([{ n: 1 }]);

  // The key moves on meanwhile: a rotation. The request keeps its plan, and shows what it would do now.
  const rotatePolicy = await page.request.put('/api/policies/key.rotate', { data: { requiredApprovals: 0, expiresAfterHours: 24 } });
  expect(rotatePolicy.status()).toBe(200);
  expect((await op.request.post(`/api/keys/${keyName}/rotate`)).status()).toBe(200);

  // The operator cannot approve their own request: no Decide link, no buttons on its page, and the API refuses.
  await op.getByRole('link', { name: /^Approvals/ }).click();
  const ownRow = requestRow(op, number);
  await expect(ownRow).toContainText(`Delete key "${keyName}"`);
  await expect(ownRow.getByRole('link', { name: /^Decide/ })).toHaveCount(0);
  await ownRow.getByRole('link', { name: `Request #${number}`, exact: true }).click();
  const ownCard = requestCard(op, number);
  await expect(ownCard).toContainText(`Delete key "${keyName}"`);
  await expect(ownCard.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(ownCard.getByRole('button', { name: 'Deny' })).toHaveCount(0);
  const selfApproval = await op.request.post(`/api/approvals/${requestId}/decision`, { data: { decision: 'approve', comment: 'me' } });
  expect(selfApproval.status()).toBe(403);
  expect(await selfApproval.json()).toMatchObject({ code: 'forbidden' });

  // The approver, in a third browser, sees the badge, and approves with a comment.
  const approverContext = await browser.newContext();
  const ap = await approverContext.newPage();
  await signIn(ap, approver, PASSWORD);
  const badge = ap.getByTestId('approvals-badge');
  await expect(badge).toBeVisible();
  expect(Number.parseInt(await badge.innerText(), 10)).toBeGreaterThanOrEqual(1);

  await ap.getByRole('link', { name: /^Approvals/ }).click();
  await expect(ap).toHaveURL(/\/approvals$/);
  const row = requestRow(ap, number);
  await expect(row).toContainText(operator);
  await expect(row.getByTestId('request-approvals')).toHaveText('0 of 1');
  await expect(row.getByTestId('request-plan')).toHaveText(`Delete key "${keyName}" and the material of its only version, permanently.`);
  await expect(row.getByTestId('request-plan-now')).toContainText(`If approved now: Delete key "${keyName}" and the material of all 2 versions, permanently.`);
  // The target links to the key.
  await expect(row.getByRole('link', { name: `key:${keyName}` })).toHaveAttribute('href', `/keys/${keyName}`);
  // The request's page is at its number, as it says "#N"; its old id address redirects there.
  await row.getByRole('link', { name: `Request #${number}`, exact: true }).click();
  await expect(ap).toHaveURL(new RegExp(`/approvals/${number}$`));
  await expect(ap.getByRole('heading', { level: 1 })).toHaveText(`Request #${number}`);
  await ap.goto(`/approvals/${requestId}`);
  await expect(ap).toHaveURL(new RegExp(`/approvals/${number}$`));
  // The row's Decide leads to the request's page, which shows the plans too and takes the decision.
  await ap.goto('/approvals');
  await row.getByRole('link', { name: `Decide on request #${number}` }).click();
  await expect(ap).toHaveURL(new RegExp(`/approvals/${number}$`));
  const card = requestCard(ap, number);
  await expect(card.getByTestId('request-approvals')).toHaveText('0 of 1');
  await expect(card.getByTestId('request-plan-now')).toContainText(`If approved now: Delete key "${keyName}" and the material of all 2 versions, permanently.`);
  await card.getByLabel('Comment').fill('Checked with the key owner.');
  // Approving a deletion asks first: nothing happens until it is confirmed.
  await card.getByRole('button', { name: 'Approve' }).click();
  const confirm = confirmation(ap, `Approve request #${number}?`);
  await expect(confirm).toContainText(`Delete key "${keyName}"`);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect(await queryDb('SELECT state FROM approval_requests WHERE id = $1', [requestId])).toEqual([{ state: 'pending' }]);
  await card.getByRole('button', { name: 'Approve' }).click();
  await confirm.getByRole('button', { name: `Approve request #${number}` }).click();
  await expect(toasts(ap)).toContainText(`Approved request #${number}: the operation ran.`);
  // Executed: its page says so and takes no more decisions; it leaves the pending list; the key is gone.
  await expect(card).toHaveAttribute('data-state', 'executed');
  await expect(card.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  expect(await queryDb('SELECT 1 FROM keys WHERE name = $1', [keyName])).toHaveLength(0);
  expect(await queryDb('SELECT state FROM approval_requests WHERE id = $1', [requestId])).toEqual([{ state: 'executed' }]);
  await ap.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Approvals' }).click();
  await expect(ap).toHaveURL(/\/approvals$/);
  await expect(row).toHaveCount(0);

  await ap.getByRole('link', { name: 'Executed', exact: true }).click();
  const executed = requestRow(ap, number);
  await expect(executed).toHaveAttribute('data-state', 'executed');
  await expect(executed.getByTestId('request-approvals')).toHaveText('1 of 1');
  await expect(executed.getByRole('list', { name: 'Decisions' })).toContainText(approver);
  await expect(executed.getByRole('list', { name: 'Decisions' })).toContainText('Checked with the key owner.');
  await expect(executed.getByTestId('request-result')).toContainText('Executed.');

  // The admin, as auditor, reads the story in the audit log, filtered by the key.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Target', { exact: true }).fill(`key:${keyName}`);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/target=key%3A/);
  // Newest first.
  await expect.poll(() => auditStory(page)).toEqual([
    'approval.decide succeeded',
    'key.delete succeeded',
    'key.rotate succeeded',
    'key.delete requested',
    'key.delete requested',
    'key.set_deletion_allowed succeeded',
    'key.create succeeded',
  ]);
  const table = page.getByRole('table', { name: 'Audit events' });
  await expect(table.locator('tr[data-action="key.create"]')).toContainText(operator);
  await expect(table.locator('tr[data-action="key.delete"][data-outcome="succeeded"]')).toContainText(approver);

  // The approver's part: the decision, and the deletion it ran.
  // Any part of the name, in any case.
  await page.getByLabel('Actor').fill(approver.toUpperCase());
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => auditStory(page)).toEqual(['approval.decide succeeded', 'key.delete succeeded']);
  await expect(table).toContainText('Checked with the key owner.');

  // A reversed time range says so beside the field; the action is a picker of known actions.
  await page.goto('/audit?from=2026-02-01T00:00&to=2026-01-01T00:00');
  await expect(page.getByLabel('From (UTC)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('search', { name: 'Filter audit events' })).toContainText('The time range is reversed');
  await page.goto('/audit');
  await page.getByLabel('Action').selectOption('approval.decide');
  await page.getByLabel('Actor').fill(approver.toUpperCase());
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => auditStory(page)).toEqual(['approval.decide succeeded']);

  // And the chain holds.
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByTestId('chain-report')).toContainText(/Chain intact: [\d,]+ events verified/);
  await expect(page.getByTestId('chain-checkpoints')).toBeVisible();

  await operatorContext.close();
  await approverContext.close();
});

test('the requester withdraws a pending request from its row; it ends cancelled, with the reason', async ({ browser, page }) => {
  const stamp = Date.now();
  const operator = `wd-op-${stamp}`;
  const keyName = `wd-${stamp}`;
  await signIn(page);
  const policy = await page.request.put('/api/policies/key.delete', { data: { requiredApprovals: 1, expiresAfterHours: 24 } });
  expect(policy.status()).toBe(200);
  const user = await page.request.post('/api/users', { data: { username: operator, password: PASSWORD, roles: ['operator', 'viewer'] } });
  expect(user.status(), await user.text()).toBe(201);

  const context = await browser.newContext();
  const op = await context.newPage();
  await signIn(op, operator, PASSWORD);
  expect((await op.request.post('/api/keys', { data: { name: keyName, type: 'aes256-gcm96' } })).status()).toBe(201);
  expect((await op.request.patch(`/api/keys/${keyName}`, { data: { deletionAllowed: true } })).status()).toBe(200);
  const asked = await op.request.delete(`/api/keys/${keyName}`);
  expect(asked.status()).toBe(202);
  const { request } = (await asked.json()) as { request: { id: string; number: number } };

  // Someone else cannot withdraw it.
  const foreign = await page.request.post(`/api/approvals/${request.id}/withdraw`, { data: {} });
  expect(foreign.status()).toBe(403);

  await op.goto('/approvals');
  const row = requestRow(op, request.number);
  await row.getByRole('button', { name: `Withdraw request #${request.number}` }).click();
  await confirmation(op, `Withdraw request #${request.number}?`).getByRole('button', { name: `Withdraw request #${request.number}` }).click();
  await expect(toasts(op)).toContainText(`Withdrew request #${request.number}.`);
  await expect(row).toHaveCount(0);
  expect(await queryDb('SELECT state, result FROM approval_requests WHERE id = $1', [request.id])).toEqual([
    { state: 'cancelled', result: `Withdrawn by ${operator}.` },
  ]);
  await op.getByRole('link', { name: 'Cancelled', exact: true }).click();
  await expect(requestRow(op, request.number).getByTestId('request-result')).toContainText(`Withdrawn by ${operator}.`);
  // The key is still there, and withdrawing again is refused.
  expect(await queryDb('SELECT 1 FROM keys WHERE name = $1', [keyName])).toHaveLength(1);
  expect((await op.request.post(`/api/approvals/${request.id}/withdraw`, { data: {} })).status()).toBe(409);
  await context.close();
});

test('the approvals list is a table: a filed request shows its number, target, requester and status; a page past the end says so', async ({ page }) => {
  const keyName = `tbl-${Date.now()}`;
  await signIn(page);
  expect((await page.request.put('/api/policies/key.delete', { data: { requiredApprovals: 1, expiresAfterHours: 24 } })).status()).toBe(200);
  expect((await page.request.post('/api/keys', { data: { name: keyName, type: 'aes256-gcm96' } })).status()).toBe(201);
  expect((await page.request.patch(`/api/keys/${keyName}`, { data: { deletionAllowed: true } })).status()).toBe(200);
  const asked = await page.request.delete(`/api/keys/${keyName}`);
  expect(asked.status()).toBe(202);
  const { request } = (await asked.json()) as { request: { id: string; number: number } };

  await page.goto('/approvals');
  await expect(page.getByRole('navigation', { name: 'Request states' }).getByRole('link', { name: 'Pending' })).toHaveAttribute('aria-current', 'page');
  const row = page.getByRole('table', { name: 'Pending requests' }).locator(`tr[data-request="${request.number}"]`);
  await expect(row.getByRole('rowheader').getByRole('link', { name: `Request #${request.number}`, exact: true })).toHaveAttribute('href', `/approvals/${request.number}`);
  await expect(row.getByRole('link', { name: `key:${keyName}` })).toHaveAttribute('href', `/keys/${keyName}`);
  await expect(row).toContainText('Delete a key');
  await expect(row).toContainText('admin');
  await expect(row.getByTestId('request-approvals')).toHaveText('0 of 1');
  await expect(row.locator('[data-status="pending"]')).toHaveText('pending');
  // The requester may withdraw from the row; deciding is for others.
  await expect(row.getByRole('button', { name: `Withdraw request #${request.number}` })).toBeVisible();
  const [{ n }] = (await queryDb<{ n: number }>(`SELECT count(*)::int AS n FROM approval_requests WHERE state = 'pending'`)) as [{ n: number }];
  const pages = Math.max(1, Math.ceil(n / 25));
  await expect(page.getByTestId('approvals-total')).toHaveText(new RegExp(`^1–${Math.min(n, 25)} of ${n.toLocaleString('en-US')} pending requests?$`));
  await expect(page.getByTestId('approvals-total-page')).toHaveText(`Page 1 of ${pages}`);

  // On a phone the table scrolls inside its card; the page does not.
  await page.setViewportSize({ width: 390, height: 800 });
  const scroller = page.getByRole('table', { name: 'Pending requests' }).locator('..');
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // A page past the end says there is no such page, and leads to the last one.
  await page.goto('/approvals?page=99999');
  await expect(page.getByText('No page 99999', { exact: true })).toBeVisible();
  await expect(page.getByTestId('approvals-total-page')).toHaveText(`No page 99999 (${pages} ${pages === 1 ? 'page' : 'pages'})`);
  await expect(page.getByRole('table')).toHaveCount(0);
  await page.getByRole('link', { name: 'Go to the last page' }).click();
  await expect(page.getByTestId('approvals-total-page')).toHaveText(`Page ${pages} of ${pages}`);
  await expect(page.getByRole('table', { name: 'Pending requests' }).locator('tbody tr').first()).toBeVisible();

  // Another state's tab lists that state only.
  await page.getByRole('link', { name: 'Cancelled', exact: true }).click();
  await expect(page).toHaveURL(/\/approvals\?state=cancelled$/);
  await expect(page.getByRole('navigation', { name: 'Request states' }).getByRole('link', { name: 'Cancelled' })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator(`tr[data-request="${request.number}"]`)).toHaveCount(0);
  expect((await page.request.post(`/api/approvals/${request.id}/withdraw`, { data: {} })).status()).toBe(200);
});
