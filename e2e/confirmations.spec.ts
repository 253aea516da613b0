import { expect, test, type Locator, type Page } from '@playwright/test';
import { queryDb, signIn, toasts } from './support';

/** The open confirmation titled so (by its title: ConfirmDialog's content lacks role="alertdialog" for now). */
function confirmation(page: Page, title: string): Locator {
  return page.locator('[data-state="open"][aria-labelledby]').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

// Issue #12 items 8 and 11: irreversible actions ask first, disabled ones say why before they are
// tried, and the keys list's filters apply as they change with the URL following.

test('Rotate asks first: Cancel changes nothing, confirming rotates (or files the request)', async ({ page }) => {
  await signIn(page);
  const name = `confirm-rot-${Date.now()}`;
  expect((await page.request.post('/api/keys', { data: { name, type: 'aes256-gcm96' } })).status()).toBe(201);
  await page.goto(`/keys/${name}`);

  await page.getByRole('button', { name: 'Rotate', exact: true }).click();
  const dialog = confirmation(page, `Rotate ${name}?`);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  const [before] = await queryDb<{ latest_version: number }>('SELECT latest_version FROM keys WHERE name = $1', [name]);
  expect(before!.latest_version).toBe(1);

  await page.getByRole('button', { name: 'Rotate', exact: true }).click();
  await dialog.getByRole('button', { name: 'Rotate now' }).click();
  await expect(toasts(page)).toContainText(/Rotated|Approval needed/);
});

test('Disable user asks first: Cancel leaves the user enabled, confirming disables them', async ({ page }) => {
  await signIn(page);
  const username = `confirm-user-${Date.now()}`;
  const created = await page.request.post('/api/users', { data: { username, password: 'correct horse battery staple 9', roles: ['viewer'] } });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto('/admin/users');

  const disable = page.getByRole('button', { name: `Disable ${username}` });
  await disable.click();
  const dialog = confirmation(page, `Disable ${username}?`);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  const disabledAt = async () => (await queryDb<{ disabled_at: Date | null }>('SELECT disabled_at FROM users WHERE username = $1', [username]))[0]!.disabled_at;
  expect(await disabledAt()).toBeNull();

  await disable.click();
  await dialog.getByRole('button', { name: 'Disable user' }).click();
  await expect(toasts(page)).toContainText(`User "${username}" disabled`);
  await expect.poll(disabledAt).not.toBeNull();
});

test('Delete key is disabled while deletion is not allowed, and says why before it is tried', async ({ page }) => {
  await signIn(page);
  const name = `confirm-del-${Date.now()}`;
  expect((await page.request.post('/api/keys', { data: { name, type: 'aes256-gcm96' } })).status()).toBe(201);
  await page.goto(`/keys/${name}`);
  const remove = page.getByRole('button', { name: 'Delete key' });
  await expect(remove).toBeDisabled();
  await expect(remove).toHaveAccessibleDescription(/Deletion is not allowed for this key/);
  await expect(page.getByText(/Deletion is not allowed for this key/)).toBeVisible();

  expect((await page.request.patch(`/api/keys/${name}`, { data: { deletionAllowed: true } })).status()).toBe(200);
  await page.reload();
  await expect(remove).toBeEnabled();
});

test('the keys filters apply as they change, the URL follows, and the page size is a choice', async ({ page }) => {
  await signIn(page);
  const prefix = `flt${Date.now()}`;
  for (let i = 0; i < 3; i++) {
    const res = await page.request.post('/api/keys', { data: { name: `${prefix}-${i}`, type: i === 2 ? 'rsa-2048' : 'aes256-gcm96' } });
    expect(res.status()).toBe(201);
  }
  await page.goto('/keys');
  await expect(page.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  const rows = page.locator('table tbody tr');

  await page.getByLabel('Search by name').fill(prefix);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix}`));
  await expect(rows).toHaveCount(3);
  await expect(page.getByLabel('Search by name')).toBeFocused();

  await page.getByLabel('Type').selectOption('rsa-2048');
  await expect(page).toHaveURL(/[?&]type=rsa-2048/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`${prefix}-2`);

  await page.getByLabel('Per page').selectOption('50');
  await expect(page).toHaveURL(/[?&]pageSize=50/);
  await expect(page.getByLabel('Per page')).toHaveValue('50');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/keys\?pageSize=50$/);
  await expect(page.getByLabel('Search by name')).toHaveValue('');

  // A navigation the form did not make (the empty list's link) shows the URL's values in the form.
  await page.getByLabel('Search by name').fill(`${prefix}-none`);
  await expect(page.getByText('No keys match these filters')).toBeVisible();
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/keys\?pageSize=50$/);
  await expect(page.getByLabel('Search by name')).toHaveValue('');
});

test('pagination reads right: one page is "1 page", and a page past the end says there is no such page', async ({ page }) => {
  await signIn(page);
  const name = `pg${Date.now()}`;
  expect((await page.request.post('/api/keys', { data: { name, type: 'aes256-gcm96' } })).status()).toBe(201);
  await page.goto(`/keys?q=${name}&page=99999`);
  await expect(page.getByText('No page 99999', { exact: true })).toBeVisible();
  await expect(page.getByText('These keys fit on 1 page.')).toBeVisible();
  await expect(page.getByTestId('keys-total-page')).toHaveText('No page 99999 (1 page)');
  await expect(page.getByText(/Page 99999 of 1|There are 1 pages/)).toHaveCount(0);
  await page.getByRole('link', { name: 'Go to the last page' }).click();
  await expect(page.getByTestId('keys-total-page')).toHaveText('Page 1 of 1');
  await expect(page.locator('table tbody tr')).toHaveCount(1);
});
