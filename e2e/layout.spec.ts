import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

// Every page fits the window (no horizontal page scroll) on a desktop and on a phone, in the
// light and the dark theme. Wide tables scroll inside their card; the top bar collapses into a menu.
const LONG_NAME = `layout-${'x'.repeat(121)}`; // 128 characters, the longest a key name may be

// An RSA 4096 key's page shows the widest content: its public key PEM and fingerprint per version.
const RSA_NAME = `layout-rsa-${'x'.repeat(117)}`;

async function pages(page: Page): Promise<string[]> {
  for (const [name, type] of [[LONG_NAME, 'aes256-gcm96'], [RSA_NAME, 'rsa-4096']]) {
    const created = await page.request.post('/api/keys', { data: { name, type } });
    expect([201, 409]).toContain(created.status());
  }
  return ['/', '/keys', `/keys/${LONG_NAME}`, `/keys/${RSA_NAME}`, '/new-key', '/providers', '/providers/aws-local', '/approvals', '/audit', '/admin/users', '/admin/policies'];
}

async function expectNoHorizontalOverflow(page: Page, path: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect.soft(scrollWidth, `${path}: page width ${scrollWidth} px in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1440, 390]) {
    test(`every page fits ${width} px in the ${colorScheme} theme`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      // The system setting decides the theme when the user has not chosen one.
      await page.emulateMedia({ colorScheme });
      await page.goto('/login');
      await expect(page.locator('html')).toHaveClass(colorScheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      await expectNoHorizontalOverflow(page, '/login');
      await signIn(page);
      for (const path of await pages(page)) {
        await page.goto(path);
        await expect(page.locator('h1').first()).toBeVisible();
        // The overview's charts draw after their code loads; measure the page with them drawn.
        if (path === '/') await expect(page.locator('[data-testid="chart-canvas"] .recharts-bar-rectangle').first()).toBeVisible();
        if (path === `/keys/${RSA_NAME}`) await expect(page.getByLabel('Public key of version 1', { exact: true })).toBeVisible();
        await expectNoHorizontalOverflow(page, path);
      }
      // Sign out is on screen, and on a phone the links are in the menu.
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport();
      if (width === 390) {
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('menuitem', { name: 'Keys' }).click();
        await expect(page).toHaveURL(/\/keys$/);
      }
    });
  }
}

test('the theme toggle overrides the system setting and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await signIn(page);
  await page.getByRole('button', { name: 'Theme' }).click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.getByRole('button', { name: 'Theme' }).click();
  await page.getByRole('menuitemradio', { name: 'System' }).click();
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
});

test('a skip link leads past the top bar to the page', async ({ page }) => {
  await signIn(page);
  await page.goto('/keys');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await skip.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});
