/**
 * Zeebe's rule that catch events competing in one place (boundary events of an activity, event
 * sub-process starts of a scope, process start events, event-based gateway targets) must be
 * distinguishable: unique message and signal names, unique error and escalation codes, at most one catch-all each.
 */
import type { Problems } from './rejection';
import type { FlowNode } from './types';

export function checkDuplicateTriggers(field: string, events: FlowNode[], problems: Problems): void {
  const messages = new Set<string>();
  const signals = new Set<string>();
  const errors = new CodeCheck('error', field, problems);
  const escalations = new CodeCheck('escalation', field, problems);
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
      errors.add(definition.errorCode?.raw);
    } else if (definition?.kind === 'escalation') {
      escalations.add(definition.escalationCode?.raw);
    }
  }
}

/** Error and escalation catch events of one scope: unique codes, at most one without code (Zeebe's messages). */
class CodeCheck {
  private readonly codes = new Set<string>();
  private catchAll = 0;
  constructor(
    private readonly kind: 'error' | 'escalation',
    private readonly field: string,
    private readonly problems: Problems,
  ) {}

  add(code: string | undefined): void {
    const kind = this.kind;
    if (code === undefined) {
      this.catchAll += 1;
      if (this.catchAll === 2) {
        this.problems.add(
          this.field,
          `The same scope can not contain more than one ${kind} catch event without ${kind} code. ` +
            `An ${kind} catch event without ${kind} code catches all ${kind}s.`,
        );
      }
      return;
    }
    if (this.codes.has(code)) {
      this.problems.add(
        this.field,
        `Multiple ${kind} catch events with the same ${kind} code '${code}' are not supported on the same scope.`,
      );
    }
    this.codes.add(code);
  }
}
