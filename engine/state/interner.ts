import { NO_RUNTIME } from './records';

/** Strings up to this length are shared: keys, ids, names, states and dates, not variable values. */
const MAX_LENGTH = 40;

/**
 * Shares equal strings among records loaded at start. JSON parsing makes a fresh copy of every
 * string, so the process instance key repeated in each of an instance's records, or the process id
 * and element id repeated in all instances, would each cost a string per record. Records built at
 * run time share them already (they copy references). Only top-level and `runtime` fields are
 * interned, in place, before the record is published.
 */
export class Interner {
  private readonly strings = new Map<string, string>();

  record<T extends object>(record: T): T {
    const fields = record as Record<string, unknown>;
    for (const name of Object.keys(fields)) {
      const value = fields[name];
      if (typeof value === 'string') {
        if (value.length <= MAX_LENGTH) fields[name] = this.string(value);
      } else if (name === 'runtime' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        if (Object.keys(value).length === 0) fields[name] = NO_RUNTIME;
        else this.record(value);
      }
    }
    return record;
  }

  string(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }
}
