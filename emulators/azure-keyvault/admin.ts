import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin as handleSharedAdmin, type AdminTarget } from '../shared/admin';
import { makeFault } from './faults';

export type { AdminTarget } from '../shared/admin';

/** The Key Vault emulator's admin endpoint: the shared routes only. */
export const handleAdmin = (req: IncomingMessage, res: ServerResponse, body: Buffer, target: AdminTarget) =>
  handleSharedAdmin(req, res, body, target, { makeFault });
