import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isValidAuthority, PEER_ADDRESS_HEADER, stampPeerAddress } from './peer-address';

function request(remoteAddress: string, headers: Record<string, string>): IncomingMessage {
  return { socket: { remoteAddress }, headers: { ...headers } } as unknown as IncomingMessage;
}

const forwarded = { 'x-forwarded-host': 'keys.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-port': '443', forwarded: 'host=keys.example.com' };

describe('the origin a request claims', () => {
  afterEach(() => {
    delete process.env.KEYWARDEN_TRUSTED_PROXIES;
  });

  it('drops forwarded host and scheme from a client that is no trusted proxy, and stamps its real address', () => {
    const req = stampPeerAddress(request('203.0.113.7', { ...forwarded, [PEER_ADDRESS_HEADER]: '10.0.0.1' }));
    expect(req.headers).toEqual({ [PEER_ADDRESS_HEADER]: '203.0.113.7' });
  });

  it('keeps them from a trusted proxy, unless a URL cannot be built from them', () => {
    process.env.KEYWARDEN_TRUSTED_PROXIES = '10.0.0.0/8';
    expect(stampPeerAddress(request('::ffff:10.1.2.3', forwarded)).headers).toMatchObject(forwarded);
    for (const bad of [{ 'x-forwarded-host': '' }, { 'x-forwarded-host': 'a b' }, { 'x-forwarded-proto': 'gopher' }]) {
      const req = stampPeerAddress(request('10.1.2.3', { ...forwarded, ...bad }));
      expect(req.headers['x-forwarded-host']).toBeUndefined();
      expect(req.headers.forwarded).toBeUndefined();
    }
  });

  it('accepts host names, IPv4 and bracketed IPv6 with ports, and nothing a URL cannot hold', () => {
    for (const good of ['localhost', 'localhost:3000', 'keys.example.com', '127.0.0.1:3100', '[::1]:3000', 'xn--bcher-kva.example.', 'keywarden_app:3000']) expect(isValidAuthority(good), good).toBe(true);
    for (const bad of ['', 'a b', 'host/path', 'user@host', '[::zz]', 'host:99999x', '-start.example', 'a..b', '\u0000']) expect(isValidAuthority(bad), bad).toBe(false);
  });
});
