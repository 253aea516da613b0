import { KmsError, unsupported } from '../errors';

export function dryRun(requested: boolean | undefined): void {
  if (requested) {
    throw new KmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  }
}

export function refuseRecipient(recipient: object | undefined): void {
  if (recipient) throw unsupported('Recipient (Nitro Enclaves attestation) is not supported by this emulator.');
}
