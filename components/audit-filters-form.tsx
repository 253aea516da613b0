import Form from 'next/form';
import Link from 'next/link';
import { auditSearch, type AuditFilters } from '@/app/_lib/audit-filters';
import { buttonClasses } from '@/components/ui/button';
import { Field, inputBase } from '@/components/ui/field';
import { AUDIT_ACTION_PREFIXES, AUDIT_ACTIONS } from '@/lib/audit/actions';
import { OUTCOMES } from '@/lib/audit/canonical';

type Problems = Partial<Record<'action' | 'from' | 'to', string>>;
const errors = (message?: string) => (message ? [message] : undefined);

/**
 * The audit page's filters. Actor and target match a part of the name in any case; the action is
 * one the log records (or a family such as "key."). A value the page dropped says why beside it.
 */
export function AuditFiltersForm({ given, problems }: { given: AuditFilters; problems: Problems }) {
  const filtered = Object.keys(given).length > 0;
  // An unknown action from a hand-edited URL stays visible in the picker, with its message.
  const unknownAction = given.action && !AUDIT_ACTIONS.includes(given.action) && !AUDIT_ACTION_PREFIXES.includes(given.action) ? given.action : undefined;
  return (
    // Keyed by the filters so the inputs show the URL's values after every navigation.
    <Form
      action="/audit"
      key={auditSearch(given)}
      role="search"
      aria-label="Filter audit events"
      className="flex flex-wrap items-start gap-x-4 gap-y-3 rounded-md border border-border bg-surface p-3"
    >
      <Field id="audit-actor" label="Actor" inline>
        {(control) => (
          <input {...control} name="actor" type="text" defaultValue={given.actor ?? ''} placeholder="part of a username" autoComplete="off" spellCheck={false} className={`${inputBase} w-44`} />
        )}
      </Field>
      <Field id="audit-action" label="Action" inline errors={errors(problems.action)} className="max-w-md">
        {(control) => (
          <select {...control} name="action" defaultValue={given.action ?? ''} className={`${inputBase} w-auto font-mono`}>
            <option value="">Any action</option>
            {unknownAction && <option value={unknownAction}>{unknownAction}</option>}
            <optgroup label="Every action of">
              {AUDIT_ACTION_PREFIXES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </optgroup>
            <optgroup label="One action">
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </optgroup>
          </select>
        )}
      </Field>
      <Field id="audit-target" label="Target" inline>
        {(control) => (
          <input {...control} name="target" type="text" defaultValue={given.target ?? ''} placeholder="name, or key:name" autoComplete="off" spellCheck={false} className={`${inputBase} w-48 font-mono`} />
        )}
      </Field>
      <Field id="audit-outcome" label="Outcome" inline>
        {(control) => (
          <select {...control} name="outcome" defaultValue={given.outcome ?? ''} className={`${inputBase} w-auto`}>
            <option value="">Any outcome</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="audit-from" label="From (UTC)" inline errors={errors(problems.from)} className="max-w-sm">
        {(control) => <input {...control} name="from" type="datetime-local" defaultValue={given.from ?? ''} className={`${inputBase} w-auto`} />}
      </Field>
      <Field id="audit-to" label="To (UTC)" inline errors={errors(problems.to)} className="max-w-sm">
        {(control) => <input {...control} name="to" type="datetime-local" defaultValue={given.to ?? ''} className={`${inputBase} w-auto`} />}
      </Field>
      <div className="flex items-center gap-2">
        <button type="submit" className={buttonClasses()}>
          Apply
        </button>
        {filtered && (
          <Link href="/audit" className={buttonClasses({ variant: 'link' })}>
            Clear filters
          </Link>
        )}
      </div>
    </Form>
  );
}
