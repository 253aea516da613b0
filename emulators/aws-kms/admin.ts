import type { IncomingMessage, ServerResponse } from 'node:http';
import { admitted, handleAdmin as handleSharedAdmin, type AdminTarget as SharedAdminTarget } from '../shared/admin';
import { makeFault } from './faults';
import { denySettings, type Permissions } from './permissions';
import { quotaSettings, type Quotas } from './quotas';

/** What the admin endpoint can reach inside a running emulator. */
export interface AdminTarget extends SharedAdminTarget {
  quotas: Quotas;
  permissions: Permissions;
}

/** The AWS emulator's own routes, beside the shared ones: request quotas and refused actions. */
function awsRoutes(route: string, body: Record<string, unknown>, target: AdminTarget): object | undefined {
  switch (route) {
    case 'GET /__admin/quotas':
      return target.quotas.view();
    case 'PUT /__admin/quotas':
      target.quotas.set(admitted(() => quotaSettings(body.quotas)));
      return target.quotas.view();
    case 'POST /__admin/quotas':
      target.quotas.merge(admitted(() => quotaSettings(body.quotas)));
      return target.quotas.view();
    case 'DELETE /__admin/quotas':
      target.quotas.clear();
      return target.quotas.view();
    case 'GET /__admin/permissions':
      return target.permissions.view();
    case 'PUT /__admin/permissions':
      target.permissions.set(admitted(() => denySettings(body.deny)));
      return target.permissions.view();
    case 'POST /__admin/permissions':
      target.permissions.merge(admitted(() => denySettings(body.deny)));
      return target.permissions.view();
    case 'DELETE /__admin/permissions':
      target.permissions.set({});
      return target.permissions.view();
    default:
      return undefined;
  }
}

export const handleAdmin = (req: IncomingMessage, res: ServerResponse, body: Buffer, target: AdminTarget) =>
  handleSharedAdmin(req, res, body, target, { makeFault, extra: awsRoutes });
