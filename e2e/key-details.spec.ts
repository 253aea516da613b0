import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { queryDb, signIn } from './support';

test('/keys/new, where people look for the creation page, opens it', async ({ page }) => {
  await signIn(page);
  await page.goto('/keys/new');
  await expect(page).toHaveURL(/\/new-key$/);
  await expect(page.getByLabel('Name')).toBeVisible();
});

test('a pasted 200-character key name is refused with a message, not cut to 128 characters', async ({ page }) => {
  await signIn(page);
  await page.goto('/new-key');
  const prefix = `long${Date.now()}`;
  const name = prefix.padEnd(200, 'x');
  const input = page.getByLabel('Name');
  await input.fill(name);
  // The browser keeps every character (no maxlength): the server decides, and says why.
  await expect(input).toHaveValue(name);
  await page.getByRole('button', { name: /Create key/ }).click();
  await expect(page.getByText('A key name has at most 128 characters.').first()).toBeVisible();
  expect(await queryDb(`SELECT name FROM keys WHERE name LIKE $1`, [`${prefix}%`])).toEqual([]);
});

test('the key page shows the key id, the age of the latest version, each version\'s fingerprint and PEM, and edits details', async ({ page }) => {
  await signIn(page);
  const name = `details-${Date.now()}`;
  const created = await page.request.post('/api/keys', { data: { name, type: 'ecdsa-p256' } });
  expect(created.status(), await created.text()).toBe(201);
  const [row] = await queryDb<{ id: string; public_key_pem: string }>(
    `SELECT k.id, v.public_key_pem FROM keys k JOIN key_versions v ON v.key_id = k.id WHERE k.name = $1 AND v.version = 1`,
    [name],
  );

  await page.goto(`/keys/${name}`);
  await expect(page.getByTestId('key-id')).toHaveText(row!.id);
  await expect(page.getByTestId('latest-version-age')).toHaveText('just now (version 1)');
  await expect(page.getByLabel('Fingerprint of version 1')).toHaveText(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PEM (version 1)' }).click()]);
  expect(download.suggestedFilename()).toBe(`${name}-v1.pem`);
  expect(await readFile((await download.path())!, 'utf8')).toBe(row!.public_key_pem);

  const owner = `team-${Date.now()}`;
  await page.getByLabel('Description').fill('Signs release manifests');
  await page.getByLabel('Owner').fill(owner);
  await page.getByLabel('Tags').fill('Release, prod');
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByText('Saved description, owner, tags.')).toBeVisible();
  const [stored] = await queryDb(`SELECT description, owner, tags FROM keys WHERE name = $1`, [name]);
  expect(stored).toEqual({ description: 'Signs release manifests', owner, tags: ['release', 'prod'] });
  const [event] = await queryDb<{ params: { changed: string[] } }>(
    `SELECT params FROM audit_events WHERE action = 'key.update_details' AND target = $1 ORDER BY seq DESC LIMIT 1`,
    [`key:${name}`],
  );
  expect(event!.params.changed).toEqual(['description', 'owner', 'tags']);

  // A bad tag is refused where it was typed, and nothing changes.
  await page.getByLabel('Tags').fill('has space');
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByText(/A tag is letters, digits/).first()).toBeVisible();
  expect((await queryDb(`SELECT tags FROM keys WHERE name = $1`, [name]))[0]).toEqual({ tags: ['release', 'prod'] });

  // The keys list finds it by its owner.
  await page.goto(`/keys?q=${owner}`);
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
});

test('an AES key says it has no public key, and its PEM download answers 404 with the reason', async ({ page }) => {
  await signIn(page);
  const name = `details-aes-${Date.now()}`;
  expect((await page.request.post('/api/keys', { data: { name, type: 'aes256-gcm96' } })).status()).toBe(201);
  await page.goto(`/keys/${name}`);
  await expect(page.getByTestId('no-public-key')).toContainText('symmetric key');
  const response = await page.request.get(`/api/keys/${name}/versions/1/public-key`);
  expect(response.status()).toBe(404);
  expect((await response.json()).error).toMatch(/no public key/);
});
