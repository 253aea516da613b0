import { expect, test } from '@playwright/test';
import { signIn } from './support';

// Key names are unique regardless of case, so a key's address in another case is the same key.

test('/keys/<name in another case> redirects (307) to the key\'s own address; an unknown name is "Key not found"', async ({ page }) => {
  await signIn(page);
  const name = `UI-AES-${Date.now()}`;
  expect((await page.request.post('/api/keys', { data: { name, type: 'aes256-gcm96' } })).status()).toBe(201);

  const answer = await page.request.get(`/keys/${name.toLowerCase()}`, { maxRedirects: 0 });
  expect(answer.status()).toBe(307);
  expect(new URL(answer.headers().location!, page.url()).pathname).toBe(`/keys/${name}`);

  await page.goto(`/keys/${name.toLowerCase()}`);
  await expect(page).toHaveURL(new RegExp(`/keys/${name}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);

  const missing = await page.goto(`/keys/no-such-${Date.now()}`);
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Key not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to keys' })).toHaveAttribute('href', '/keys');
});

test('a user who may not read keys gets the forbidden page at a key\'s address in another case, not its spelling', async ({ page, browser }) => {
  await signIn(page);
  const name = `Case-Hidden-${Date.now()}`;
  expect((await page.request.post('/api/keys', { data: { name, type: 'aes256-gcm96' } })).status()).toBe(201);
  const username = `no-roles-${Date.now()}`;
  const password = 'no-roles-password-1';
  expect((await page.request.post('/api/users', { data: { username, password, roles: [] } })).status()).toBe(201);

  const context = await browser.newContext();
  try {
    const other = await context.newPage();
    await signIn(other, username, password);
    const answer = await other.request.get(`/keys/${name.toLowerCase()}`, { maxRedirects: 0 });
    expect(answer.status()).toBe(403);
    expect(answer.headers().location).toBeUndefined();
    await other.goto(`/keys/${name.toLowerCase()}`);
    await expect(other.getByTestId('forbidden')).toBeVisible();
    await expect(other).toHaveURL(new RegExp(`/keys/${name.toLowerCase()}$`));
    await expect(other.locator('body')).not.toContainText(name);
  } finally {
    await context.close();
  }
});
