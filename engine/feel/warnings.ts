/**
 * Evaluation warnings, worded like feel-scala's so incident messages read like Zeebe's
 * ("... The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] ...").
 */
import type { Warning } from 'feelin';

export interface FeelWarning {
  /** feel-scala's warning type, e.g. NO_VARIABLE_FOUND, NOT_COMPARABLE, ASSERT_FAILURE. */
  type: string;
  message: string;
}

const VARIABLE_NOT_FOUND = /^Variable '(.*)' not found$/;

export function toFeelWarnings(warnings: readonly Warning[]): FeelWarning[] {
  return warnings.map((w) => {
    const missing = w.type === 'NO_VARIABLE_FOUND' ? VARIABLE_NOT_FOUND.exec(w.message) : null;
    return { type: w.type, message: missing ? `No variable found with name '${missing[1]}'` : w.message };
  });
}

/** The suffix Zeebe appends to failure messages; empty when there are no warnings. */
export function formatFeelWarnings(warnings: readonly FeelWarning[]): string {
  if (warnings.length === 0) return '';
  return ' The evaluation reported the following warnings:\n' + warnings.map((w) => `[${w.type}] ${w.message}`).join('\n');
}
