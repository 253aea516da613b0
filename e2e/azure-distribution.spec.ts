import { expect, test, type Locator, type Page } from '@playwright/test';
import { capabilityOf } from '../lib/providers/capabilities';
import { approveInOwnBrowser, createIndependentApprover, queryDb, signIn, toasts } from './support';

const PASSWORD = 'azure-distribution-pass-1';
// Remote work runs in the job worker against the emulators: generous on a loaded 2-core machine.
const LIVE = { timeout: 90_000 };
// Azure names a key version with 32 hex digits.
const AZURE_VERSION = /^[0-9a-f]{32}$/;

type VersionState = { remoteId: string | null; enabled: boolean | null; state: string; provenAt: string | null; proof: string | null; deletionDate: string | null };
type Distribution = {
  provider: string;
  providerKind: string;
  state: string;
  remoteName: string | null;
  purposes: string[];
  protection: string;
  removal: { purge: boolean } | null;
  versions: Record<string, VersionState>;
};

async function distributionsOf(page: Page, key: string): Promise<Record<string, Distribution>> {
  const response = await page.request.get(`/api/keys/${key}/distributions`);
  expect(response.status(), await response.text()).toBe(200);
  const list = (await response.json()) as Distribution[];
  return Object.fromEntries(list.map((d) => [d.provider, d]));
}

function versionRow(copy: Locator, version: number): Locator {
  return copy.locator(`tr[data-version="${version}"]`);
}

test('an operator distributes an RSA key to Azure (HSM) and AWS at once, rotates, and removes it from Azure with purge, live', async ({ browser, page }) => {
  test.setTimeout(480_000);
  const stamp = Date.now();
  // The "_" is not allowed in Azure key names: the remote name maps it to "-".
  const key = `az_dist_${stamp}`;
  const azureName = `az-dist-${stamp}`;
  const approver = `az-ap-${stamp}`;

  await signIn(page);
  // Removal waits for one approval (the default, set explicitly: other specs change policies).
  const policy = await page.request.put('/api/policies/key.remove_from_provider', { data: { requiredApprovals: 1, expiresAfterHours: 24 } });
  expect(policy.status(), await policy.text()).toBe(200);
  // The approver's role comes from another admin: the seeded admin requests here (lib/approvals/README.md).
  await createIndependentApprover(browser, page, approver, PASSWORD);

  // The seeded Azure provider reaches the local vault.
  await page.goto('/providers/azure-local');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection-report')).toContainText('Connected.', LIVE);

  const created = await page.request.post('/api/keys', { data: { name: key, type: 'rsa-2048' } });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto(`/keys/${key}`);
  const distribute = page.getByRole('form', { name: 'Distribute' });

  // Azure: purposes are checkboxes (any subset of key_ops), software or HSM protection.
  await distribute.getByLabel('Provider').selectOption('azure-local');
  const purposes = distribute.getByRole('group', { name: 'Purposes' });
  for (const purpose of ['encrypt', 'decrypt', 'sign', 'verify', 'wrap', 'unwrap']) {
    await expect(purposes.getByRole('checkbox', { name: purpose, exact: true })).toBeChecked();
  }
  for (const purpose of ['encrypt', 'decrypt', 'wrap', 'unwrap']) await purposes.getByRole('checkbox', { name: purpose, exact: true }).uncheck();
  const protection = distribute.getByRole('group', { name: 'Protection' });
  await expect(protection.getByRole('radio')).toHaveCount(2);
  await protection.getByRole('radio', { name: 'Software' }).check();
  await protection.getByRole('radio', { name: 'HSM' }).check();
  await distribute.getByRole('button', { name: 'Distribute' }).click();
  await expect(toasts(page)).toContainText(`Distributing "${key}" to "azure-local"`);

  // AWS, from the same form: now the Azure copy exists, azure-local is no longer offered.
  await expect(distribute.getByLabel('Provider').locator('option[value="azure-local"]')).toBeDisabled();
  await distribute.getByLabel('Provider').selectOption('aws-local');
  await distribute.getByRole('radio', { name: 'sign + verify' }).check();
  await expect(distribute.getByRole('radio', { name: 'HSM' })).toBeChecked();
  await distribute.getByRole('button', { name: 'Distribute' }).click();
  await expect(toasts(page)).toContainText(`Distributing "${key}" to "aws-local"`);

  const azure = page.locator('li.distribution[data-provider="azure-local"]');
  const aws = page.locator('li.distribution[data-provider="aws-local"]');
  for (const copy of [azure, aws]) {
    await expect(copy).toHaveAttribute('data-state', 'in_sync', LIVE);
    await expect(versionRow(copy, 1)).toHaveAttribute('data-state', 'in_sync', LIVE);
  }
  await expect(azure).toContainText(`Remote name: ${azureName}`);
  await expect(azure).toContainText('Protection: hsm');
  await expect(azure).toContainText('Purposes: sign, verify');

  // Rotate: version 2 is imported into both providers.
  await page.getByRole('button', { name: 'Rotate', exact: true }).click();
  await page.getByRole('button', { name: 'Rotate now' }).click();
  await expect(toasts(page)).toContainText(`Rotated "${key}" to version 2`);
  for (const copy of [azure, aws]) {
    await expect(versionRow(copy, 2)).toHaveAttribute('data-state', 'in_sync', LIVE);
    await expect(versionRow(copy, 2)).toHaveAttribute('data-enabled', 'true');
    await expect(copy).toHaveAttribute('data-state', 'in_sync', LIVE);
  }

  // The API agrees: Azure versions of one Azure key (32-hex ids), KMS keys on AWS, every one proven.
  const both = await distributionsOf(page, key);
  expect(both['azure-local']).toMatchObject({ providerKind: 'azurekeyvault', state: 'in_sync', remoteName: azureName, purposes: ['sign', 'verify'], protection: 'hsm' });
  expect(both['aws-local']).toMatchObject({ providerKind: 'awskms', state: 'in_sync', purposes: ['sign', 'verify'], protection: 'hsm' });
  for (const provider of ['azure-local', 'aws-local']) {
    const { versions } = both[provider]!;
    for (const version of ['1', '2']) {
      expect(versions[version], `${provider} v${version}`).toMatchObject({ state: 'in_sync', enabled: true });
      expect(versions[version]!.provenAt, `${provider} v${version} proven`).toBeTruthy();
      expect(versions[version]!.proof, `${provider} v${version} proof`).toBeTruthy();
    }
    expect(versions['1']!.remoteId).not.toBe(versions['2']!.remoteId);
  }
  for (const version of [1, 2]) {
    const { remoteId, proof } = both['azure-local']!.versions[String(version)]!;
    expect(remoteId).toMatch(AZURE_VERSION);
    await expect(versionRow(azure, version)).toContainText(remoteId!);
    await expect(versionRow(azure, version)).toContainText(proof!);
    await expect(versionRow(aws, version)).toContainText(both['aws-local']!.versions[String(version)]!.remoteId!);
  }

  // Remove from Azure, purged: typed confirmation, the purge option, and one approval.
  await azure.getByRole('button', { name: 'Remove from provider' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('needs 1 approval');
  await expect(dialog.getByLabel('Pending window (days)')).toHaveCount(0);
  const purge = dialog.getByRole('checkbox', { name: /Purge/ });
  await expect(purge).not.toBeChecked();
  await purge.check();
  const confirm = dialog.getByRole('button', { name: 'Request removal' });
  await dialog.getByLabel(/Type .* to confirm/).fill(key.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type .* to confirm/).fill(key);
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(toasts(page)).toContainText('Approval needed');
  await approveInOwnBrowser(browser, approver, PASSWORD, 'key.remove_from_provider', key);

  await expect(azure).toHaveAttribute('data-state', 'removed', LIVE);
  await expect(azure.getByTestId('removal-detail')).toContainText(`Azure key ${azureName} deleted`, LIVE);
  await expect(azure.getByTestId('removal-detail')).toContainText('purged');
  await expect(azure).toContainText('purge requested');
  await expect(azure).not.toContainText('pending window');
  // Azure deletes and purges the whole key: every version shows the key's purge date.
  await expect(azure.getByRole('columnheader', { name: 'Purge date' })).toBeVisible();
  for (const version of [1, 2]) {
    await expect(versionRow(azure, version)).toHaveAttribute('data-state', 'removed');
    await expect(versionRow(azure, version).getByTestId('deletion-date')).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  }
  // AWS keeps its copy, in sync.
  await expect(aws).toHaveAttribute('data-state', 'in_sync');
  const after = await distributionsOf(page, key);
  expect(after['azure-local']).toMatchObject({ state: 'removed', removal: { purge: true } });
  expect(after['aws-local']).toMatchObject({ state: 'in_sync' });
  expect((await page.request.get(`/api/providers/azure-local/keys/${key}`)).status()).toBe(404);
  expect(await queryDb('SELECT latest_version FROM keys WHERE name = $1', [key])).toEqual([{ latest_version: 2 }]);
});

test('an AES key shows azure-local as not distributable, with the capability matrix’s reason', async ({ page }) => {
  const key = `az-aes-${Date.now()}`;
  await signIn(page);
  const created = await page.request.post('/api/keys', { data: { name: key, type: 'aes256-gcm96' } });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto(`/keys/${key}`);
  const distribute = page.getByRole('form', { name: 'Distribute' });
  await expect(distribute.getByLabel('Provider').locator('option[value="azure-local"]')).toBeDisabled();
  await expect(distribute.getByLabel('Provider')).toHaveValue('aws-local');
  const answer = capabilityOf('azurekeyvault', 'aes256-gcm96');
  expect(answer.ok).toBe(false);
  await expect(page.locator('#distribute-provider-hint')).toContainText(`azure-local: ${answer.ok ? '' : answer.reason}`);
});
