import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DistributionVersionWire } from './distribution-state';
import { DistributionVersionsTable } from './distribution-versions-table';

const version = (v: Partial<DistributionVersionWire>): DistributionVersionWire => ({
  remoteId: 'kms-1',
  enabled: true,
  wantEnabled: true,
  state: 'in_sync',
  provenAt: '2026-11-02T10:00:00.000Z',
  proof: 'decrypted a probe',
  error: null,
  attempts: 0,
  deletionDate: null,
  ...v,
});

const render = (props: Partial<Parameters<typeof DistributionVersionsTable>[0]>) =>
  renderToStaticMarkup(
    <DistributionVersionsTable provider="aws-local" versions={{ '2': version({ remoteId: 'kms-2' }), '1': version({}) }} removal={false} azure={false} keyDeletionDate={null} {...props} />,
  );

describe('DistributionVersionsTable', () => {
  it('lists the versions in order, each row carrying its version, state and enabled flag, under the provider’s name', () => {
    const html = render({});
    expect(html).toContain('aria-label="Versions in aws-local"');
    expect(html.indexOf('data-version="1"')).toBeLessThan(html.indexOf('data-version="2"'));
    expect(html).toMatch(/<tr [^>]*data-version="1" data-state="in_sync" data-enabled="true"/);
    expect(html).toContain('2026-11-02 10:00 UTC');
    expect(html).not.toContain('Deletion date');
  });

  it('says which way a version is moving, and shows its last error with the attempts', () => {
    const html = render({ versions: { '1': version({ enabled: true, wantEnabled: false, error: 'AccessDenied', attempts: 3 }) } });
    expect(html).toContain('→ disabling');
    expect(html).toContain('AccessDenied');
    expect(html).toContain('(3 attempts)');
  });

  it('once removed, shows each version’s deletion date (AWS), or the key’s purge date on every version (Azure)', () => {
    const aws = render({ removal: true, versions: { '1': version({ deletionDate: '2026-11-09T10:00:00.000Z' }) } });
    expect(aws).toContain('>Deletion date<');
    expect(aws).toMatch(/data-testid="deletion-date"><time dateTime="2026-11-09T10:00:00.000Z">2026-11-09 10:00 UTC/);
    const azure = render({ removal: true, azure: true, keyDeletionDate: '2026-12-01T00:00:00.000Z' });
    expect(azure).toContain('>Purge date<');
    expect(azure.match(/2026-12-01 00:00 UTC/g)).toHaveLength(2);
  });
});
