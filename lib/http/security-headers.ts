import { randomBytes } from 'node:crypto';

/** A fresh, unguessable nonce for one response's Content-Security-Policy. */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * A strict policy (https://csp.withgoogle.com/docs/strict-csp.html): scripts run only with this
 * response's nonce, and what they load inherits the trust ('strict-dynamic'); Next.js reads the
 * nonce from the request's copy of this header and puts it on its own inline and chunk scripts.
 * Inline styles stay allowed: React renders `style={{ width }}` into the HTML and the UI
 * components insert <style> elements without a nonce; CSS cannot run script. Development adds
 * what Next's dev server needs: eval for its source maps and fast refresh, and its WebSocket.
 */
export function contentSecurityPolicy(nonce: string, { dev = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Powerful features nothing in the dashboard uses, off for it and anything it might embed. */
export const PERMISSIONS_POLICY = [
  'accelerometer', 'autoplay', 'browsing-topics', 'camera', 'display-capture', 'geolocation', 'gyroscope',
  'hid', 'magnetometer', 'microphone', 'midi', 'payment', 'publickey-credentials-get', 'screen-wake-lock', 'serial', 'usb',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** The headers every response carries, whoever answers: Next.js, or the front server's refusals. */
export function securityHeaders(nonce: string, { dev = false } = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(nonce, { dev }),
    'Permissions-Policy': PERMISSIONS_POLICY,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
