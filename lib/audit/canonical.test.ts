import { describe, expect, it } from 'vitest';
import { redact } from './canonical';

describe('audit parameters keep no secrets a URL can carry', () => {
  it('drops userinfo, query and fragment of URLs, whatever field they are in', () => {
    expect(redact({ endpoint: 'https://AKIAEXAMPLE:wJalrXUtnFEMI@kms.example.com/x?X-Amz-Signature=abc#frag' })).toEqual({
      endpoint: 'https://[redacted]@kms.example.com/x?[redacted]',
    });
    expect(redact(['https://vault.example.net/keys/k?sig=secret'])).toEqual(['https://vault.example.net/keys/k?[redacted]']);
  });

  it('leaves plain URLs and other text alone', () => {
    expect(redact({ endpoint: 'https://kms.eu-west-1.amazonaws.com', note: 'mail me at a@b.example' })).toEqual({
      endpoint: 'https://kms.eu-west-1.amazonaws.com',
      note: 'mail me at a@b.example',
    });
  });

  it('still redacts secret-named fields', () => {
    expect(redact({ clientSecret: 'x', nested: { sessionToken: 'y' } })).toEqual({ clientSecret: '[redacted]', nested: { sessionToken: '[redacted]' } });
  });
});
