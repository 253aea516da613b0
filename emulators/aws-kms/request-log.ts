/**
 * One line per request: time, operation, region, key, outcome, duration. Lines carry key ids and
 * error types only: request and response bodies (plaintexts, key material) never reach a log.
 */
export interface RequestLogEntry {
  operation: string;
  region: string;
  key?: string | undefined;
  outcome: string;
  ms: number;
}

const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 300);

export function formatLogLine(entry: RequestLogEntry): string {
  return [
    new Date().toISOString(),
    'aws-kms',
    printable(entry.operation),
    entry.region,
    `key=${entry.key === undefined ? '-' : printable(entry.key)}`,
    entry.outcome,
    `${entry.ms.toFixed(1)}ms`,
  ].join(' ');
}
