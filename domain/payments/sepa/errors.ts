export interface SepaIssue {
  /** Path of the offending input field, e.g. `batches[0].transactions[3].debtor.iban`. */
  field: string;
  message: string;
}

/** Invalid input for a SEPA file; names every offending field, not just the first. */
export class SepaInputError extends Error {
  override name = 'SepaInputError';
  readonly issues: readonly SepaIssue[];

  constructor(issues: SepaIssue[]) {
    const shown = issues.slice(0, 20).map((i) => `${i.field}: ${i.message}`);
    if (issues.length > shown.length) shown.push(`... and ${issues.length - shown.length} more`);
    super(`invalid SEPA input: ${shown.join('; ')}`);
    this.issues = issues;
  }

  /** The first offending field. */
  get field(): string {
    return this.issues[0]?.field ?? '';
  }
}
