import { dirname, join } from 'node:path';
import { ensureCertificate, loadCertificate, type TlsFiles } from '../azure-keyvault/tls-certificate';

/**
 * The HTTPS listener's certificate: the caller's own (cert and key files), or a self-signed one for
 * localhost and 127.0.0.1 (and the bind address) generated on first start and reused after.
 */
export interface TlsOptions {
  certDir?: string;
  certFile?: string;
  keyFile?: string;
  dataFile?: string;
  host: string;
}

export const defaultCertDir = (dataFile: string | undefined) => (dataFile ? dirname(dataFile) : join(process.cwd(), '.tmp', 'aws-kms'));

export function tlsFiles(options: TlsOptions): TlsFiles {
  if (options.certFile !== undefined || options.keyFile !== undefined) {
    if (options.certFile === undefined || options.keyFile === undefined) throw new Error('certFile and keyFile go together');
    return loadCertificate(options.certFile, options.keyFile);
  }
  const names = ['localhost', '127.0.0.1'];
  if (!['0.0.0.0', '::', ...names].includes(options.host)) names.push(options.host);
  return ensureCertificate(options.certDir ?? defaultCertDir(options.dataFile), names);
}
