import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { signIn } from './support';

/*
 * Every response of `npm start` carries the security headers, error pages and refusals included,
 * and the pages run under the strict nonce CSP without a single violation.
 */

const VIEWER = { username: 'headers-viewer', password: 'headers-viewer-password-1' };

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, `${what}: CSP`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"]) {
    expect(csp, `${what}: ${directive}`).toContain(directive);
  }
  expect(csp, `${what}: no eval in production`).not.toContain('unsafe-eval');
  expect(headers['permissions-policy'], `${what}: Permissions-Policy`).toMatch(/camera=\(\).*microphone=\(\).*/);
  expect(headers['x-frame-options'], `${what}: X-Frame-Options`).toBe('DENY');
  expect(headers['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
  expect(headers['referrer-policy'], `${what}: Referrer-Policy`).toBe('no-referrer');
  expect(headers['cross-origin-opener-policy'], `${what}: COOP`).toBe('same-origin');
}

/** CSP violations the page reports (Chromium logs each one to the console). */
function watchViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test('every kind of response carries the security headers', async ({ browser, request, playwright, baseURL }) => {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await signIn(admin);
  await admin.request.post('/api/users', { data: { ...VIEWER, roles: ['viewer'] } });
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await signIn(viewerPage, VIEWER.username, VIEWER.password);

  const login = await request.get('/login');
  const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await login.text())?.[1];
  expect(script, 'a static script on /login').toBeTruthy();

  const cases: [string, Promise<APIResponse>, number][] = [
    ['page', request.get('/login'), 200],
    ['redirect to sign-in', request.get('/keys', { maxRedirects: 0 }), 307],
    ['static file', request.get(script!), 200],
    ['404 page', admin.request.get('/no-such-page'), 404],
    ['404 of a key page', admin.request.get('/keys/no-such-key'), 404],
    ['403 page', viewerPage.request.get('/admin/users'), 403],
    ['API 401', request.get('/api/keys'), 401],
    ['API 404', admin.request.get('/api/keys/no-such-key'), 404],
    ['API 403', viewerPage.request.post('/api/keys', { data: { name: 'headers-x', type: 'aes256-gcm96' } }), 403],
    ['API 400', admin.request.post('/api/keys', { data: '{', headers: { 'content-type': 'application/json' } }), 400],
    ['API 413', admin.request.post('/api/keys', { data: 'x'.repeat(70 * 1024), headers: { 'content-type': 'application/json' } }), 413],
    ['API 415', admin.request.post('/api/keys', { data: '{}', headers: { 'content-type': 'text/plain' } }), 415],
    ['405', request.fetch('/keys', { method: 'TRACE' }), 405],
    ['400 malformed path', request.get('/keys/%ff'), 400],
    ['Auth.js', request.get('/api/auth/session'), 200],
  ];
  for (const [what, pending, status] of cases) {
    const response = await pending;
    expect(response.status(), what).toBe(status);
    expectSecurityHeaders(response, what);
  }

  // Every response gets its own nonce.
  const anonymous = await playwright.request.newContext({ baseURL });
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) nonces.add((await anonymous.get('/login')).headers()['content-security-policy']!);
  expect(nonces.size).toBe(3);
  await anonymous.dispose();
  await context.close();
  await viewerContext.close();
});

test('pages run under the nonce CSP without a violation', async ({ page }) => {
  const violations = watchViolations(page);
  const response = await page.goto('/login');
  const nonce = /'nonce-([^']+)'/.exec(response!.headers()['content-security-policy']!)![1];
  // Next's bootstrap scripts carry this response's nonce, and they ran.
  const scripts = await page.locator('script').evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  for (const value of scripts) expect(value).toBe(nonce);
  expect(await page.evaluate(() => Array.isArray((self as unknown as { __next_f?: unknown[] }).__next_f))).toBe(true);

  await signIn(page);
  for (const path of ['/keys', '/new-key', '/providers', '/approvals', '/audit', '/admin/users', '/no-such-page']) {
    await page.goto(path);
    await expect(page.locator('body')).not.toBeEmpty();
  }
  // Client-side navigation loads further chunks under 'strict-dynamic'.
  await page.goto('/keys');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Providers' }).click();
  await expect(page).toHaveURL(/\/providers$/);
  expect(violations).toEqual([]);
});

test('another site cannot frame the dashboard', async ({ page, baseURL }) => {
  // Another origin on this machine, embedding the sign-in page.
  const elsewhere = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(`<iframe src="${baseURL}/login"></iframe>`);
  }).listen(0, '127.0.0.1');
  await once(elsewhere, 'listening');
  try {
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    const [framed] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${baseURL}/login`),
      page.goto(`http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/`),
    ]);
    expect(framed.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect.poll(() => messages.some((m) => m.includes("frame-ancestors 'none'"))).toBe(true);
    // The browser put its error page in the frame, not the sign-in form.
    await expect.poll(() => page.frames().find((f) => f !== page.mainFrame())?.url()).toMatch(/^chrome-error:/);
  } finally {
    elsewhere.close();
  }
});
