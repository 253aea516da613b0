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

function requestCard(page: Page, number: number): Locator {
  return page.locator(`article[data-request="${number}"]`);
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

  // The operator cannot approve their own request: no buttons, and the API refuses.
  await op.getByRole('link', { name: /^Approvals/ }).click();
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
  const card = requestCard(ap, number);
  await expect(card).toContainText(operator);
  await expect(card.getByTestId('request-approvals')).toHaveText('0 of 1');
  await expect(card.getByTestId('request-plan')).toHaveText(`Delete key "${keyName}" and the material of its only version, permanently.`);
  await expect(card.getByTestId('request-plan-now')).toContainText(`If approved now: Delete key "${keyName}" and the material of all 2 versions, permanently.`);
  // The target links to the key.
  await expect(card.getByRole('link', { name: `key:${keyName}` })).toHaveAttribute('href', `/keys/${keyName}`);
  // The request's page is at its number, as it says "#N"; its old id address redirects there.
  await card.getByRole('link', { name: `Request #${number}` }).click();
  await expect(ap).toHaveURL(new RegExp(`/approvals/${number}$`));
  await expect(ap.getByText(`Request #${number}`, { exact: true }).first()).toBeVisible();
  await ap.goto(`/approvals/${requestId}`);
  await expect(ap).toHaveURL(new RegExp(`/approvals/${number}$`));
  await ap.goto('/approvals');
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
  // Executed, it leaves the pending list; the key is gone.
  await expect(card).toHaveCount(0);
  expect(await queryDb('SELECT 1 FROM keys WHERE name = $1', [keyName])).toHaveLength(0);
  expect(await queryDb('SELECT state FROM approval_requests WHERE id = $1', [requestId])).toEqual([{ state: 'executed' }]);

  await ap.getByRole('link', { name: 'Executed', exact: true }).click();
  const executed = requestCard(ap, number);
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

test('the requester withdraws a pending request from its card; it ends cancelled, with the reason', async ({ browser, page }) => {
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
  const card = requestCard(op, request.number);
  await card.getByRole('button', { name: `Withdraw request #${request.number}` }).click();
  await confirmation(op, `Withdraw request #${request.number}?`).getByRole('button', { name: `Withdraw request #${request.number}` }).click();
  await expect(toasts(op)).toContainText(`Withdrew request #${request.number}.`);
  await expect(card).toHaveCount(0);
  expect(await queryDb('SELECT state, result FROM approval_requests WHERE id = $1', [request.id])).toEqual([
    { state: 'cancelled', result: `Withdrawn by ${operator}.` },
  ]);
  await op.getByRole('link', { name: 'Cancelled', exact: true }).click();
  await expect(requestCard(op, request.number).getByTestId('request-result')).toContainText(`Withdrawn by ${operator}.`);
  // The key is still there, and withdrawing again is refused.
  expect(await queryDb('SELECT 1 FROM keys WHERE name = $1', [keyName])).toHaveLength(1);
  expect((await op.request.post(`/api/approvals/${request.id}/withdraw`, { data: {} })).status()).toBe(409);
  await context.close();
});
