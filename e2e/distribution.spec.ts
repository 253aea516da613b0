import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from '../playwright.config';
import { approveInOwnBrowser, createIndependentApprover, queryDb, signIn, toasts } from './support';

const PASSWORD = 'distribution-pass-1';
// Remote work runs in the job worker against the emulator: generous on a loaded 2-core machine.
const LIVE = { timeout: 90_000 };

type VersionState = { remoteId: string | null; enabled: boolean | null; state: string; provenAt: string | null; deletionDate: string | null };
type Distribution = { state: string; purposes: string[]; protection: string; versions: Record<string, VersionState> };

/** The AWS KMS emulator `npm start` runs (its URL is in the launcher's runtime file). */
function awsKmsUrl(): string {
  const { awsKmsUrl: url } = JSON.parse(readFileSync(path.join(E2E_DATA_DIR, 'runtime.json'), 'utf8'));
  expect(url, 'npm start runs the local AWS KMS emulator').toBeTruthy();
  return url;
}

async function distributionOf(page: Page, provider: string, key: string): Promise<Distribution> {
  const response = await page.request.get(`/api/providers/${provider}/keys/${key}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Distribution;
}

/** Another user, in a browser of their own, approves the pending request for this operation on the key. */
function approve(browser: Browser, approver: string, operation: string, key: string) {
  return approveInOwnBrowser(browser, approver, PASSWORD, operation, key);
}

function versionRow(distribution: Locator, version: number): Locator {
  return distribution.locator(`tr[data-version="${version}"]`);
}

test('an admin adds an AWS KMS provider in the UI; an operator distributes a key, rotates, disables version 1 and removes it, live', async ({ browser, page }) => {
  test.setTimeout(480_000);
  const stamp = Date.now();
  const provider = `e2e-aws-${stamp}`;
  const key = `dist-${stamp}`;
  const approver = `dist-ap-${stamp}`;

  await signIn(page);
  // Both changes wait for one approval (the defaults, set explicitly: other specs change policies).
  for (const operation of ['key.raise_min_enabled_version', 'key.remove_from_provider']) {
    const res = await page.request.put(`/api/policies/${operation}`, { data: { requiredApprovals: 1, expiresAfterHours: 24 } });
    expect(res.status(), await res.text()).toBe(200);
  }
  // The approver's role comes from another admin: the seeded admin requests here (lib/approvals/README.md).
  await createIndependentApprover(browser, page, approver, PASSWORD);

  // The providers page: the installation id, and a new provider pointing at the local emulator.
  await page.getByRole('link', { name: 'Providers', exact: true }).click();
  await expect(page).toHaveURL(/\/providers$/);
  const [installation] = await queryDb<{ installation_id: string }>('SELECT installation_id FROM installation');
  await expect(page.getByTestId('installation-id')).toHaveText(installation!.installation_id);

  const form = page.getByRole('form', { name: 'New provider' });
  await form.getByLabel('Kind').selectOption('awskms');
  await form.getByLabel('Name', { exact: true }).fill(provider);
  await form.getByLabel('Region').fill('not a region');
  await form.getByLabel('Endpoint override').fill(awsKmsUrl());
  await form.getByRole('radio', { name: 'Access key', exact: true }).check();
  await form.getByLabel('Access key id').fill('AKIAE2EDISTRIBUTION');
  await form.getByLabel('Secret access key').fill('e2e-secret-never-shown');
  await expect(form.getByLabel('Secret access key')).toHaveAttribute('type', 'password');
  await form.getByRole('button', { name: 'Create provider' }).click();
  // Wrong input: the message sits next to its field, and nothing is created.
  await expect(page.locator('#new-provider-collection-error')).toContainText('AWS region');
  expect(await queryDb('SELECT 1 FROM providers WHERE name = $1', [provider])).toHaveLength(0);
  await form.getByLabel('Region').fill('us-east-1');
  await form.getByRole('button', { name: 'Create provider' }).click();
  await expect(page).toHaveURL(new RegExp(`/providers/${provider}$`));
  await expect(toasts(page)).toContainText(`Provider "${provider}" created.`);
  await expect(page.getByTestId('credentials')).toHaveText('access key (set)');
  await expect(page.locator('body')).not.toContainText('e2e-secret-never-shown');
  const read = await (await page.request.get(`/api/providers/${provider}`)).text();
  expect(read).not.toContain('e2e-secret-never-shown');

  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection-report')).toContainText('Connected.', LIVE);

  // A key, distributed from its page: AES goes to AWS for encrypt+decrypt, HSM (the matrix's only choice).
  const created = await page.request.post('/api/keys', { data: { name: key, type: 'aes256-gcm96' } });
  expect(created.status()).toBe(201);
  await page.goto(`/keys/${key}`);
  const distribute = page.getByRole('form', { name: 'Distribute' });
  await distribute.getByLabel('Provider').selectOption(provider);
  await expect(distribute.getByLabel('encrypt + decrypt')).toBeChecked();
  await expect(distribute.getByLabel('HSM')).toBeChecked();
  await distribute.getByRole('button', { name: 'Distribute' }).click();
  await expect(toasts(page)).toContainText(`Distributing "${key}" to "${provider}"`);

  const copy = page.locator(`li.distribution[data-provider="${provider}"]`);
  await expect(copy).toHaveAttribute('data-state', 'in_sync', LIVE);
  await expect(versionRow(copy, 1)).toHaveAttribute('data-state', 'in_sync');
  await expect(versionRow(copy, 1)).toHaveAttribute('data-enabled', 'true');
  let api = await distributionOf(page, provider, key);
  expect(api).toMatchObject({ state: 'in_sync', purposes: ['encrypt', 'decrypt'], protection: 'hsm' });
  expect(api.versions['1']?.remoteId).toBeTruthy();
  expect(api.versions['1']?.provenAt).toBeTruthy();
  await expect(versionRow(copy, 1)).toContainText(api.versions['1']!.remoteId!);

  // The provider's page lists the key it now holds; it cannot be deleted while it does.
  await page.goto(`/providers/${provider}`);
  await expect(page.getByRole('table', { name: 'Keys held' }).locator(`tr[data-key="${key}"]`)).toHaveAttribute('data-state', 'in_sync');
  await expect(page.getByRole('button', { name: 'Delete provider' })).toBeDisabled();

  // Rotate: version 2 is imported into the provider as well.
  await page.goto(`/keys/${key}`);
  await page.getByRole('button', { name: 'Rotate', exact: true }).click();
  await page.getByRole('button', { name: 'Rotate now' }).click();
  await expect(toasts(page)).toContainText(`Rotated "${key}" to version 2`);
  await expect(versionRow(copy, 2)).toHaveAttribute('data-state', 'in_sync', LIVE);
  await expect(copy).toHaveAttribute('data-state', 'in_sync', LIVE);
  api = await distributionOf(page, provider, key);
  expect(api.versions['2']).toMatchObject({ state: 'in_sync', enabled: true });
  expect(api.versions['2']?.remoteId).not.toBe(api.versions['1']?.remoteId);

  // Raising min_enabled_version waits for approval; once another user approves, version 1 is disabled in AWS too.
  await page.getByLabel('Minimum enabled version').fill('2');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('approval-requested')).toBeVisible();
  await approve(browser, approver, 'key.raise_min_enabled_version', key);
  await expect(versionRow(copy, 1)).toHaveAttribute('data-enabled', 'false', LIVE);
  await expect(versionRow(copy, 2)).toHaveAttribute('data-enabled', 'true');
  await expect(copy).toHaveAttribute('data-state', 'in_sync', LIVE);
  api = await distributionOf(page, provider, key);
  expect(api.versions['1']).toMatchObject({ enabled: false, state: 'in_sync' });
  expect(api.versions['2']).toMatchObject({ enabled: true, state: 'in_sync' });

  // Remove from the provider: typed confirmation, a 7-day pending window, and approval again.
  await copy.getByRole('button', { name: 'Remove from provider' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('needs 1 approval');
  const days = dialog.getByLabel('Pending window (days)');
  const confirm = dialog.getByRole('button', { name: 'Request removal' });
  await dialog.getByLabel(/Type .* to confirm/).fill(key.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type .* to confirm/).fill(key);
  // A window AWS refuses: the server's message sits beside the field, once, and nothing is filed.
  await days.fill('3');
  await confirm.click();
  await expect(days).toHaveAccessibleDescription(/The pending window is 7 to 30 days\./);
  await expect(dialog.getByText('The pending window is 7 to 30 days.')).toHaveCount(1);
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  expect(await queryDb("SELECT 1 FROM approval_requests WHERE operation = 'key.remove_from_provider' AND target = $1", [`key:${key}`])).toHaveLength(0);
  await days.fill('7');
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(toasts(page)).toContainText('Approval needed');
  await approve(browser, approver, 'key.remove_from_provider', key);

  await expect(copy).toHaveAttribute('data-state', 'removed', LIVE);
  for (const version of [1, 2]) {
    await expect(versionRow(copy, version)).toHaveAttribute('data-state', 'removed');
    await expect(versionRow(copy, version).getByTestId('deletion-date')).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  }
  // A removed copy is no longer one the provider holds; the key's list still shows it, with the dates.
  expect((await page.request.get(`/api/providers/${provider}/keys/${key}`)).status()).toBe(404);
  const list = (await (await page.request.get(`/api/keys/${key}/distributions`)).json()) as (Distribution & { provider: string })[];
  api = list.find((d) => d.provider === provider)!;
  expect(api.state).toBe('removed');
  for (const version of ['1', '2']) {
    const deletion = new Date(api.versions[version]!.deletionDate!).getTime();
    // The 7-day pending window, give or take the time the test took.
    expect(Math.abs(deletion - (stamp + 7 * 86_400_000))).toBeLessThan(86_400_000);
  }
  // The key itself stays in Keywarden.
  expect(await queryDb('SELECT latest_version, min_enabled_version FROM keys WHERE name = $1', [key])).toEqual([
    { latest_version: 2, min_enabled_version: 2 },
  ]);

  // Holding nothing now, the provider can be deleted (typed confirmation).
  await page.goto(`/providers/${provider}`);
  await page.getByRole('button', { name: 'Delete provider' }).click();
  await page.getByRole('dialog').getByLabel(/Type .* to confirm/).fill(provider);
  await page.getByRole('dialog').getByRole('button', { name: 'Delete provider' }).click();
  await expect(page).toHaveURL(/\/providers$/);
  expect(await queryDb('SELECT 1 FROM providers WHERE name = $1', [provider])).toHaveLength(0);
});
