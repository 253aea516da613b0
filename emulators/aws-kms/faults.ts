import { faultsSpeaking, type FaultKind } from '../shared/faults';
import { KmsError } from './errors';

export { Faults, type Fault, type FaultKind } from '../shared/faults';

export const { faultKind, makeFault, parseFault } = faultsSpeaking({
  kinds: {
    '500': 'internal',
    internal: 'internal',
    kmsinternalexception: 'internal',
    throttle: 'throttle',
    throttling: 'throttle',
    throttlingexception: 'throttle',
    drop: 'drop',
    disconnect: 'drop',
  },
  kindHint: '500, throttle or drop',
  exampleOperation: 'Encrypt',
});

export const faultError = (kind: Exclude<FaultKind, 'drop'>) =>
  kind === 'internal'
    ? new KmsError('KMSInternalException', 'Injected fault: internal error.', 500)
    : new KmsError('ThrottlingException', 'Rate exceeded', 400);
