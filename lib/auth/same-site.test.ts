import { describe, expect, it } from 'vitest';
import { authConfig } from '@/auth.config';
import { sameSiteUrl } from './same-site';

const base = 'http://localhost:3000';

describe('redirects after sign-in and sign-out', () => {
  it('stay on this site and never throw, whatever the callbackUrl', async () => {
    const redirect = (url: string) => authConfig.callbacks.redirect({ url, baseUrl: base });
    expect(await redirect('/keys?q=a')).toBe(`${base}/keys?q=a`);
    expect(await redirect(`${base}/audit`)).toBe(`${base}/audit`);
    for (const odd of ['http://[', '__proto__', 'javascript:alert(1)', '//evil.example/x', 'https://evil.example', 'http://localhost:3001/', '']) {
      const answer = await redirect(odd);
      expect(new URL(answer).origin, odd).toBe(base);
    }
    expect(sameSiteUrl('http://[', base)).toBeNull();
    expect(sameSiteUrl('//evil.example', base)).toBeNull();
  });
});
