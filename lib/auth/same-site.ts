/**
 * `target` resolved against this site's `base`, or null when it is no URL or leads elsewhere:
 * the only redirects after sign-in and sign-out (an open redirect is a phishing aid, and a
 * target that cannot be parsed must not throw).
 */
export function sameSiteUrl(target: string, base: string): URL | null {
  const url = URL.parse(target, base);
  return url && url.origin === new URL(base).origin ? url : null;
}
