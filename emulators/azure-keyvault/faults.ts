import { faultsSpeaking, type FaultKind } from '../shared/faults';
import { VaultError } from './errors';

/**
 * Operations are REST operation names such as GetKey or Decrypt, Token for Entra,
 * ManagedIdentityToken, or "*" for any vault operation (Entra requests pass wildcard = false).
 */
export { Faults, type Fault, type FaultKind } from '../shared/faults';

export const { faultKind, makeFault, parseFault } = faultsSpeaking({
  kinds: {
    '500': 'internal',
    internal: 'internal',
    '429': 'throttle',
    throttle: 'throttle',
    throttled: 'throttle',
    drop: 'drop',
    disconnect: 'drop',
  },
  kindHint: '500, 429 or drop',
  exampleOperation: 'Decrypt',
});

/** Throttling as Key Vault answers it: 429 with Retry-After (seconds). */
export const THROTTLE_RETRY_AFTER_SECONDS = 1;

export const faultError = (kind: Exclude<FaultKind, 'drop'>) =>
  kind === 'internal'
    ? new VaultError(500, 'InternalServerError', 'Injected fault: internal error.')
    : new VaultError(
        429,
        'Throttled',
        'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
      );
