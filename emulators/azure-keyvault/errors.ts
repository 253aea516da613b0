/** An error that leaves the vault as Azure's `{"error":{"code","message","innererror"?}}`. */
export class VaultError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
  ) {
    super(message);
    this.name = code;
  }

  body(): object {
    return {
      error: { code: this.code, message: this.message, ...(this.innerCode !== undefined && { innererror: { code: this.innerCode } }) },
    };
  }
}

export const badParameter = (message: string) => new VaultError(400, 'BadParameter', message);

export const keyNotFound = (nameOrId: string) =>
  new VaultError(
    404,
    'KeyNotFound',
    `A key with (name/id) ${nameOrId} was not found in this key vault. If you recently deleted this key you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
  );

export const deletedKeyNotFound = (name: string) => new VaultError(404, 'KeyNotFound', `Deleted Key not found: ${name}`);

export const deletedButRecoverable = (name: string) =>
  new VaultError(
    409,
    'Conflict',
    `Key ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the key can only be recovered or purged.`,
    'ObjectIsDeletedButRecoverable',
  );

export const unauthorized = (message: string) => new VaultError(401, 'Unauthorized', message);

export const internalError = () => new VaultError(500, 'InternalServerError', 'An internal error occurred.');
