/**
 * Link events: catch link names are unique within a process (including its sub-processes), and
 * every throw link has a catch link of the same name in its own scope.
 */
import type { Problems } from './rejection';
import type { ProcessModel } from './types';

export function validateLinks(model: ProcessModel, problems: Problems): void {
  const catchNames = new Set<string>();
  const catchesByScope = new Map<string, Set<string>>();
  for (const node of model.nodes.values()) {
    if (node.type !== 'INTERMEDIATE_CATCH_EVENT' || node.eventDefinition?.kind !== 'link') continue;
    const name = node.eventDefinition.linkName;
    if (catchNames.has(name)) {
      problems.add(node.id, `Multiple intermediate catch link event definitions with the same name '${name}' are not allowed.`);
    }
    catchNames.add(name);
    const scopeNames = catchesByScope.get(node.scopeId) ?? new Set<string>();
    scopeNames.add(name);
    catchesByScope.set(node.scopeId, scopeNames);
  }
  for (const node of model.nodes.values()) {
    if (node.type !== 'INTERMEDIATE_THROW_EVENT' || node.eventDefinition?.kind !== 'link') continue;
    const name = node.eventDefinition.linkName;
    if (!catchesByScope.get(node.scopeId)?.has(name)) {
      problems.add(node.id, `Can't find an catch link event for the throw link event with the name '${name}'.`);
    }
  }
}
