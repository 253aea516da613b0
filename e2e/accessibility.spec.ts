import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

// Issue #12: every page, in the light and the dark theme, has no serious or critical WCAG 2 A/AA
// violation that axe can find. Lesser ones are printed, not failed.

async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations.filter((v) => !blocking.includes(v))) {
    console.log(`${what}: ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}`);
  }
  const summary = blocking.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join('; ')}`).join('\n')}`);
  expect.soft(summary, `${what}: serious or critical axe violations`).toEqual([]);
}

/** An AES and an ECDSA key, and a pending deletion request for a third: the pages that show one of each. */
async function fixtures(page: Page, stamp: string) {
  const aes = `a11y-aes-${stamp}`;
  const ecdsa = `a11y-ecdsa-${stamp}`;
  const doomed = `a11y-del-${stamp}`;
  for (const [name, type] of [[aes, 'aes256-gcm96'], [ecdsa, 'ecdsa-p256'], [doomed, 'aes256-gcm96']]) {
    expect((await page.request.post('/api/keys', { data: { name, type } })).status()).toBe(201);
  }
  expect((await page.request.put('/api/policies/key.delete', { data: { requiredApprovals: 1, expiresAfterHours: 24 } })).status()).toBe(200);
  expect((await page.request.patch(`/api/keys/${doomed}`, { data: { deletionAllowed: true } })).status()).toBe(200);
  const asked = await page.request.delete(`/api/keys/${doomed}`);
  expect(asked.status()).toBe(202);
  const { request } = (await asked.json()) as { request: { number: number } };
  return { aes, ecdsa, requestNumber: request.number };
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every page passes an axe scan in the ${colorScheme} theme`, async ({ page }) => {
    // 14 pages scanned twice each: about a minute on a calm two-core machine, more under load.
    test.setTimeout(240_000);
    // The system setting decides the theme when the user has not chosen one (components/theme.ts).
    await page.emulateMedia({ colorScheme });
    const themed = colorScheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/;

    await page.goto('/login');
    await expect(page.locator('html')).toHaveClass(themed);
    await expect(page.getByLabel('Username')).toBeVisible();
    await expectAccessible(page, '/login');

    await signIn(page);
    const { aes, ecdsa, requestNumber } = await fixtures(page, `${colorScheme}-${Date.now()}`);
    const paths = ['/', '/keys', `/keys/${aes}`, `/keys/${ecdsa}`, '/new-key', '/audit', '/approvals', `/approvals/${requestNumber}`,
      '/admin/users', '/admin/policies', '/providers', '/providers/aws-local', '/no-such-page'];
    for (const path of paths) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveClass(themed);
      // Every page, the 404 and a request's page included, has exactly one h1.
      await expect(page.locator('h1'), path).toHaveCount(1);
      await expect(page.locator('h1'), path).toBeVisible();
      await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
      await expectAccessible(page, path);
    }

    // An open ConfirmDialog, over a key page.
    await page.goto(`/keys/${aes}`);
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    await expect(page.getByRole('heading', { name: `Rotate ${aes}?`, exact: true })).toBeVisible();
    await expectAccessible(page, `/keys/${aes} with the Rotate confirmation open`);
  });
}
