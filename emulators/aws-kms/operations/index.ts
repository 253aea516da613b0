import { aliasOperations } from './aliases';
import { encryptionOperations } from './encryption';
import { importOperations } from './import';
import { keyOperations } from './keys';
import type { Operation } from './operation';
import { signingOperations } from './signing';
import { tagOperations } from './tags';

/** Operation name (the part of X-Amz-Target after "TrentService.") to handler. */
export const OPERATIONS: Record<string, Operation> = {
  ...keyOperations,
  ...aliasOperations,
  ...tagOperations,
  ...importOperations,
  ...encryptionOperations,
  ...signingOperations,
};
