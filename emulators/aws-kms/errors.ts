/** An error that leaves the emulator as an AWS JSON 1.1 error response. */
export class KmsError extends Error {
  constructor(
    readonly type: string,
    // AWS omits the message for some errors (InvalidCiphertext, KMSInvalidSignature, KMSInvalidMac).
    readonly awsMessage?: string,
    readonly status = 400,
  ) {
    super(awsMessage ?? type);
    this.name = type;
  }
}

export const validationError = (message: string) => new KmsError('ValidationException', message);
export const notFound = (message: string) => new KmsError('NotFoundException', message);
export const invalidState = (message: string) => new KmsError('KMSInvalidStateException', message);
export const unsupported = (message: string) => new KmsError('UnsupportedOperationException', message);
export const invalidKeyUsage = (message: string) => new KmsError('InvalidKeyUsageException', message);
export const invalidCiphertext = () => new KmsError('InvalidCiphertextException');
export const internalError = (message = 'An internal error occurred.') =>
  new KmsError('KMSInternalException', message, 500);
