import { AWS_QUOTAS } from './aws-quotas';
import { KmsError } from './errors';
import { OPERATIONS } from './operations';
import { isSharedQuota, SHARED_QUOTAS, sharedQuotasOf } from './quota-groups';

/**
 * Request quotas as AWS KMS enforces them: requests per second, per quota and region. Keys are
 * quota names (an operation, or a shared quota: symmetric, rsa, ecc), optionally "@<region>" for
 * one region only; a region's own entry wins over the name's.
 */
export type QuotaSettings = Record<string, number>;

/** The message AWS KMS answers a throttled request with. */
export const THROTTLING_MESSAGE = 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';

export const throttlingError = () => new KmsError('ThrottlingException', THROTTLING_MESSAGE, 400);

const SHARED_NAMES = Object.keys(SHARED_QUOTAS).join(', ');

function checkName(key: string): void {
  const [name = '', region, extra] = key.split('@');
  if (extra !== undefined || (region !== undefined && !/^[a-z0-9-]+$/.test(region))) {
    throw new Error(`quota "${key}" must look like NAME or NAME@REGION`);
  }
  if (isSharedQuota(name)) return;
  const shared = sharedQuotasOf(name);
  if (shared.length > 0) {
    throw new Error(`${name} has no quota of its own: it shares ${shared.join(', ')} (set those instead)`);
  }
  if (!Object.hasOwn(OPERATIONS, name)) {
    throw new Error(`unknown quota "${name}" (use an operation such as CreateKey, or one of ${SHARED_NAMES})`);
  }
}

function checkRate(key: string, rps: unknown): number {
  if (typeof rps !== 'number' || !Number.isFinite(rps) || rps <= 0) {
    throw new Error(`quota ${key} must be a positive number of requests per second`);
  }
  return rps;
}

/** Validates settings given as 'aws' (AWS's defaults) or as an object of quota → rps. */
export function quotaSettings(value: unknown): QuotaSettings {
  if (value === 'aws') return { ...AWS_QUOTAS };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('quotas must be "aws" or an object of quota name to requests per second');
  }
  const settings: QuotaSettings = {};
  for (const [key, rps] of Object.entries(value)) {
    checkName(key);
    settings[key] = checkRate(key, rps);
  }
  return settings;
}

/** Parses the CLI form QUOTA=RPS, e.g. CreateKey=5, symmetric=100, symmetric@eu-west-1=50. */
export function parseQuota(spec: string): QuotaSettings {
  const match = /^([^=]+)=(.+)$/.exec(spec);
  if (!match) throw new Error(`quota "${spec}" must look like NAME=RPS`);
  return quotaSettings({ [match[1]!]: Number(match[2]) });
}

/** Later settings override earlier ones; a name without a region replaces its regional entries. */
export function mergeQuotaSettings(base: QuotaSettings, ...overrides: QuotaSettings[]): QuotaSettings {
  const merged = { ...base };
  for (const [key, rps] of overrides.flatMap((o) => Object.entries(o))) {
    if (!key.includes('@')) {
      for (const existing of Object.keys(merged)) if (existing.startsWith(`${key}@`)) delete merged[existing];
    }
    merged[key] = rps;
  }
  return merged;
}

/**
 * Holds as many tokens as the rate (at least one, so that rates below 1/s still pass a request
 * now and then), starts full and refills continuously; a request takes one token or is refused.
 */
class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private at: number;

  constructor(
    private readonly rps: number,
    now: number,
  ) {
    this.capacity = Math.max(rps, 1);
    this.tokens = this.capacity;
    this.at = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.rps);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const increment = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

export interface QuotasView {
  quotas: QuotaSettings;
  /** Throttled requests so far, by quota name (all regions together). */
  throttled: Record<string, number>;
  throttledByOperation: Record<string, number>;
}

/** Rates are measured in monotonic wall time; the admin clock (a test's "now") does not move them. */
export class Quotas {
  private settings: QuotaSettings = {};
  private buckets = new Map<string, TokenBucket>();
  private throttledByQuota = new Map<string, number>();
  private throttledByOperation = new Map<string, number>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Replaces every quota; buckets start full. */
  set(settings: QuotaSettings): void {
    this.settings = { ...settings };
    this.buckets.clear();
  }

  /** Sets or overrides the given quotas, keeping the others. */
  merge(settings: QuotaSettings): void {
    this.set(mergeQuotaSettings(this.settings, settings));
  }

  /** No quotas, no throttle counts. */
  clear(): void {
    this.set({});
    this.resetCounts();
  }

  /** Keeps the quotas; refills every bucket and forgets the throttle counts. */
  resetCounts(): void {
    this.buckets.clear();
    this.throttledByQuota.clear();
    this.throttledByOperation.clear();
  }

  /** Takes a token from the quota's bucket in the region; false (and counted) when throttled. */
  admit(quota: string, region: string, operation: string): boolean {
    const regional = `${quota}@${region}`;
    const rps = this.settings[regional] ?? this.settings[quota];
    if (rps === undefined) return true;
    let bucket = this.buckets.get(regional);
    if (!bucket) {
      bucket = new TokenBucket(rps, this.now());
      this.buckets.set(regional, bucket);
    }
    if (bucket.take(this.now())) return true;
    increment(this.throttledByQuota, quota);
    increment(this.throttledByOperation, operation);
    return false;
  }

  view(): QuotasView {
    return {
      quotas: { ...this.settings },
      throttled: Object.fromEntries(this.throttledByQuota),
      throttledByOperation: Object.fromEntries(this.throttledByOperation),
    };
  }
}
