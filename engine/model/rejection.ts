/**
 * Collecting deployment problems and turning them into Zeebe's rejection text, so clients that
 * match on Zeebe's messages keep working.
 */
import { DeploymentRejectedError, type ErrorDetail } from '../errors';

const REJECTION_PREFIX =
  "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:";

/** Problems found in one resource; `field` is the element id (or the resource name for file-level problems). */
export class Problems {
  readonly details: ErrorDetail[] = [];

  add(field: string, message: string): void {
    if (!this.details.some((d) => d.field === field && d.message === message)) {
      this.details.push({ field, message });
    }
  }

  get isEmpty(): boolean {
    return this.details.length === 0;
  }
}

/**
 * One resource's part of the rejection, e.g.
 * `'order.bpmn': - Element: Task_1\n    - ERROR: Must have ...\n`. Details whose field is the resource
 * name itself (unreadable file) are printed as plain text, as Zeebe does.
 */
export function formatResourceErrors(resourceName: string, details: readonly ErrorDetail[]): string {
  const plain = details.filter((d) => d.field === resourceName).map((d) => d.message);
  const byElement = new Map<string, string[]>();
  for (const d of details) {
    if (d.field === resourceName) continue;
    byElement.set(d.field, [...(byElement.get(d.field) ?? []), d.message]);
  }
  let text = plain.join('\n');
  for (const [element, messages] of byElement) {
    if (text && !text.endsWith('\n')) text += '\n';
    text += `- Element: ${element}\n${messages.map((m) => `    - ERROR: ${m}\n`).join('')}`;
  }
  return `'${resourceName}': ${text}`;
}

/** The full Zeebe rejection message for a single rejected resource. */
export function formatRejection(resourceName: string, details: readonly ErrorDetail[]): string {
  return `${REJECTION_PREFIX}\n${formatResourceErrors(resourceName, details)}`;
}

export function rejectResource(resourceName: string, details: readonly ErrorDetail[]): never {
  throw new DeploymentRejectedError(formatRejection(resourceName, details), [...details]);
}
