import type { Store } from './state';

/** What a handler knows about the request it serves. */
export interface Context {
  region: string;
  account: string;
  partition: string;
  now: number;
  store: Store;
  /** The key the request touched, for the log line. */
  logKey?: string;
}

export const keyArn = (ctx: Context, id: string) =>
  `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/${id}`;

export const aliasArn = (ctx: Context, name: string) =>
  `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:${name}`;

export const partitionOf = (region: string) =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
