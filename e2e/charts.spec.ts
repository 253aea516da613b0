import { expect, test, type Locator } from '@playwright/test';
import { queryDb, signIn } from './support';

/** The numbers a chart's table gives screen readers: column `series` of the row headed `label`. */
function cell(figure: Locator, label: string, series: string) {
  return figure.locator('tbody tr').filter({ has: figure.page().getByRole('rowheader', { name: label, exact: true }) }).locator(`td[data-series="${series}"]`);
}

async function columnTotal(figure: Locator, series: string) {
  const texts = await figure.locator(`tbody td[data-series="${series}"]`).allTextContents();
  return texts.reduce((n, t) => n + Number(t.replaceAll(',', '')), 0);
}

test('the overview charts key ages, versions per key and audit activity from the database, drawn once their code loads', async ({ page }) => {
  await signIn(page);
  const name = `chart-${Date.now()}`;
  expect((await page.request.post('/api/keys', { data: { name, type: 'aes256-gcm96' } })).status()).toBe(201);
  for (let i = 0; i < 2; i++) expect((await page.request.post(`/api/keys/${name}/rotate`)).status()).toBe(200);
  // Its latest rotation, 100 days ago.
  await queryDb(`UPDATE key_versions SET created_at = now() - interval '100 days' FROM keys WHERE keys.id = key_versions.key_id AND keys.name = $1`, [name]);

  await page.goto('/');
  const ages = page.getByRole('figure', { name: 'Key ages' });
  const oldKeys = (await queryDb<{ n: number }>(
    `SELECT count(*)::int AS n FROM keys k JOIN key_versions v ON v.key_id = k.id AND v.version = k.latest_version
     WHERE now() - v.created_at >= interval '91 days' AND now() - v.created_at < interval '181 days'`,
  ))[0]!.n;
  expect(oldKeys).toBeGreaterThanOrEqual(1);
  await expect(cell(ages, '91–180 days', 'keys')).toHaveText(String(oldKeys));

  const versions = page.getByRole('figure', { name: 'Versions per key' });
  const threeToFive = (await queryDb<{ n: number }>(`SELECT count(*)::int AS n FROM keys WHERE latest_version BETWEEN 3 AND 5`))[0]!.n;
  await expect(cell(versions, '3–5', 'keys')).toHaveText(String(threeToFive));

  const activity = page.getByRole('figure', { name: 'Audit activity, last 30 days' });
  await expect(activity.locator('tbody tr')).toHaveCount(30);
  const today = new Date().toISOString().slice(0, 10);
  await expect(cell(activity, today, 'succeeded')).not.toHaveText('0');

  // The drawing arrives with the lazily loaded chart code: bars for the seeded data.
  await expect(ages.locator('[data-testid="chart-canvas"] svg .recharts-bar-rectangle').first()).toBeVisible();
  await expect(activity.locator('[data-testid="chart-canvas"] .recharts-bar-rectangle').first()).toBeVisible();
});

test('the audit page charts what its filters match', async ({ page }) => {
  await signIn(page);
  // A refusal (an invalid name) is audited as denied.
  expect((await page.request.post('/api/keys', { data: { name: 'not a valid name!', type: 'aes256-gcm96' } })).status()).toBe(400);
  const denied = async () =>
    (await queryDb<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE outcome = 'denied' AND occurred_at >= date_trunc('day', now(), 'UTC') - interval '29 days'`))[0]!.n;
  const deniedEvents = await denied();
  expect(deniedEvents).toBeGreaterThanOrEqual(1);

  await page.goto('/audit');
  const unfiltered = page.getByRole('figure', { name: 'Activity', exact: true });
  await expect(unfiltered.locator('tbody tr')).toHaveCount(30);
  expect(await columnTotal(unfiltered, 'succeeded')).toBeGreaterThan(0);

  await page.goto('/audit?outcome=denied');
  const matching = page.getByRole('figure', { name: 'Matching activity', exact: true });
  expect(await columnTotal(matching, 'succeeded')).toBe(0);
  // Nothing else writes denied events while this test runs, so the chart counts exactly the database's.
  expect(await columnTotal(matching, 'denied')).toBe(await denied());
  await expect(matching.locator('[data-testid="chart-canvas"] .recharts-bar-rectangle').first()).toBeVisible();
});
