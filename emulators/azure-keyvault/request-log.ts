/**
 * One line per request: time, where (vault, entra, identity, admin), operation, key or client,
 * outcome, duration. Lines carry names, versions and error codes only: bodies (plaintexts, key
 * material, secrets, tokens) never reach a log.
 */
export interface RequestLogEntry {
  where: string;
  operation: string;
  subject?: string | undefined;
  outcome: string;
  ms: number;
}

const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 300);

export function formatLogLine(entry: RequestLogEntry): string {
  return [
    new Date().toISOString(),
    'azure-keyvault',
    printable(entry.where),
    printable(entry.operation),
    entry.subject === undefined ? '-' : printable(entry.subject),
    printable(entry.outcome),
    `${entry.ms.toFixed(1)}ms`,
  ].join(' ');
}
