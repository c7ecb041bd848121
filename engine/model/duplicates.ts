/**
 * Zeebe's rule that catch events competing in one place (boundary events of an activity, event
 * sub-process starts of a scope, process start events, event-based gateway targets) must be
 * distinguishable: unique message and signal names, unique error codes, at most one catch-all.
 */
import type { Problems } from './rejection';
import type { FlowNode } from './types';

export function checkDuplicateTriggers(field: string, events: FlowNode[], problems: Problems): void {
  const messages = new Set<string>();
  const signals = new Set<string>();
  const errorCodes = new Set<string>();
  let catchAllErrors = 0;
  for (const event of events) {
    const definition = event.eventDefinition;
    if (definition?.kind === 'message') {
      const name = definition.messageName.raw;
      if (messages.has(name)) problems.add(field, `Multiple message event definitions with the same name '${name}' are not allowed.`);
      messages.add(name);
    } else if (definition?.kind === 'signal') {
      const name = definition.signalName.raw;
      if (signals.has(name)) problems.add(field, `Multiple signal event definitions with the same name '${name}' are not allowed.`);
      signals.add(name);
    } else if (definition?.kind === 'error') {
      const code = definition.errorCode?.raw;
      if (code === undefined) {
        catchAllErrors += 1;
        if (catchAllErrors === 2) {
          problems.add(
            field,
            'The same scope can not contain more than one error catch event without error code. ' +
              'An error catch event without error code catches all errors.',
          );
        }
      } else {
        if (errorCodes.has(code)) {
          problems.add(field, `Multiple error catch events with the same error code '${code}' are not supported on the same scope.`);
        }
        errorCodes.add(code);
      }
    }
  }
}
