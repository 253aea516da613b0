import { afterEach, describe, expect, it } from 'vitest';
import { checkChain } from '@/lib/audit/verify-chain';
import { getDb } from '@/lib/db/client';
import { authenticate } from './authenticate';
import { parseTrustedProxies } from './client-address';
import { PEER_ADDRESS_HEADER } from './peer-address';
import { requestInfoFrom } from './request-info';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A sign-in attempt as the dashboard's server hands it on, and the event it left. */
async function attemptFrom(headers: Record<string, string>, trusted = parseTrustedProxies(undefined)) {
  const username = `who-${Math.random().toString(36).slice(2, 8)}`;
  await authenticate({ username, password: 'whatever' }, requestInfoFrom(new Headers(headers), trusted));
  return getDb().auditEvent.findFirstOrThrow({ where: { target: `user:${username}` } });
}

afterEach(() => {
  delete process.env.KEYWARDEN_TRUSTED_PROXIES;
});

describe('where a request came from, in the audit log', () => {
  it('by default records the connection’s peer, whatever forwarded headers a client sends', async () => {
    const event = await attemptFrom({
      [PEER_ADDRESS_HEADER]: '::ffff:203.0.113.50',
      'x-forwarded-for': '198.51.100.1',
      'x-real-ip': '198.51.100.2',
    });
    expect(event.ip).toBe('203.0.113.50');
  });

  it('believes X-Forwarded-For only from a configured proxy, read from the right past trusted hops', async () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, 192.0.2.7');
    const viaProxies = { [PEER_ADDRESS_HEADER]: '10.1.2.3', 'x-forwarded-for': '198.51.100.66, 203.0.113.9, 192.0.2.7' };
    expect((await attemptFrom(viaProxies, trusted)).ip).toBe('203.0.113.9');
    // The same header from a peer that is not a configured proxy is ignored.
    expect((await attemptFrom({ ...viaProxies, [PEER_ADDRESS_HEADER]: '203.0.113.80' }, trusted)).ip).toBe('203.0.113.80');
    // A hop that is not an address stops at the proxy that passed it on.
    expect((await attemptFrom({ [PEER_ADDRESS_HEADER]: '10.1.2.3', 'x-forwarded-for': '<script>, 192.0.2.7' }, trusted)).ip).toBe('192.0.2.7');
    // Off by default; on by the setting.
    process.env.KEYWARDEN_TRUSTED_PROXIES = '10.0.0.0/8';
    expect(requestInfoFrom(new Headers({ [PEER_ADDRESS_HEADER]: '10.9.9.9', 'x-forwarded-for': '198.51.100.5' })).ip).toBe('198.51.100.5');
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/not an IP address or CIDR range/);
    expect(() => parseTrustedProxies('proxy.internal')).toThrow(/proxy\.internal/);
  });

  it('generates the request id itself and keeps a client’s X-Request-Id apart, bounded, in the chained hash', async () => {
    const event = await attemptFrom({ [PEER_ADDRESS_HEADER]: '127.0.0.1', 'x-request-id': 'client-trace-42' });
    expect(event.requestId).toMatch(UUID);
    expect(event.clientRequestId).toBe('client-trace-42');
    for (const junk of ['x'.repeat(129), 'tab\there', 'é']) {
      const e = await attemptFrom({ [PEER_ADDRESS_HEADER]: '127.0.0.1', 'x-request-id': junk });
      expect(e).toMatchObject({ requestId: expect.stringMatching(UUID), clientRequestId: null });
    }
    // Two requests sending the same id still get ids of their own.
    const again = await attemptFrom({ [PEER_ADDRESS_HEADER]: '127.0.0.1', 'x-request-id': 'client-trace-42' });
    expect(again.requestId).not.toBe(event.requestId);
    expect((await getDb().$transaction((tx) => checkChain(tx))).ok).toBe(true);
  });
});
