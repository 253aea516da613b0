/** The audit log's filters, as the /audit page, its export links and GET /api/audit take them. */
export const AUDIT_FILTERS = ['actor', 'action', 'target', 'outcome', 'from', 'to'] as const;
export type AuditFilter = (typeof AUDIT_FILTERS)[number];
export type AuditFilters = Partial<Record<AuditFilter, string>>;

/** A datetime-local value ("2026-11-22T17:03", no zone). */
const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const LOCAL_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?$/;

/** The filters present in a query, trimmed, as given (for forms and links). */
export function givenAuditFilters(query: Record<string, string | string[] | undefined>): AuditFilters {
  const filters: AuditFilters = {};
  for (const name of AUDIT_FILTERS) {
    const raw = query[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    // Cut by code point: a surrogate pair cut in half would be refused as broken Unicode.
    if (value) filters[name] = Array.from(value).slice(0, 200).join('');
  }
  return filters;
}

/**
 * The filters for listAuditEvents / exportAuditEvents. Times without a zone are UTC, as the page
 * labels them (the server's own zone must not change what a filter means), and a `to` given to the
 * minute includes that whole minute. listAuditEvents validates the rest.
 */
export function auditFilters(query: Record<string, string | string[] | undefined>): AuditFilters {
  const filters = givenAuditFilters(query);
  if (filters.from && (LOCAL_MINUTE.test(filters.from) || LOCAL_SECOND.test(filters.from))) filters.from = `${filters.from}Z`;
  if (filters.to && LOCAL_MINUTE.test(filters.to)) filters.to = `${filters.to}:59.999Z`;
  else if (filters.to && LOCAL_SECOND.test(filters.to)) filters.to = `${filters.to}Z`;
  return filters;
}

/** The given filters plus `extra` as a query string, without the leading "?". */
export function auditSearch(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of AUDIT_FILTERS) if (filters[name]) params.set(name, filters[name]);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}
