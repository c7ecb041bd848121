import type { FlowNode, ProcessModel } from '../model/types';
import type { Runtime } from './runtime';

/**
 * Joining gateways of a scope. A parallel join fires when every incoming flow holds a token.
 * An inclusive join fires when it holds a token and no active element of the scope can still
 * reach it (Zeebe's rule), so paths not taken at the fork are not waited for. `activate` activates
 * a gateway that fires (lifecycle passes it, so this module does not import lifecycle).
 */
export function tryJoins(rt: Runtime, scopeKey: string, activate: (gatewayId: string) => void): void {
  const scope = rt.ei(scopeKey);
  if (!scope || scope.state !== 'ACTIVE' || !scope.runtime.joinTokens) return;
  const model = rt.model(scope.processDefinitionKey);
  for (const [gatewayId, tokens] of Object.entries(scope.runtime.joinTokens)) {
    const gateway = model.nodes.get(gatewayId)!;
    const arrived = gateway.incoming.filter((f) => (tokens[f] ?? 0) > 0);
    if (arrived.length === 0) continue;
    const ready =
      gateway.type === 'PARALLEL_GATEWAY'
        ? arrived.length === gateway.incoming.length
        : !rt.childrenOf(scopeKey).some((c) => c.type !== 'PROCESS' && canReach(model, c.elementId, gateway));
    if (!ready) continue;
    const remaining = { ...tokens };
    for (const f of arrived) remaining[f] -= 1;
    const current = rt.mustEi(scopeKey);
    rt.setRuntime(scopeKey, { joinTokens: { ...current.runtime.joinTokens, [gatewayId]: remaining } });
    activate(gatewayId);
  }
}

const reachCache = new WeakMap<ProcessModel, Map<string, boolean>>();

function canReach(model: ProcessModel, fromId: string, gateway: FlowNode): boolean {
  let cache = reachCache.get(model);
  if (!cache) {
    cache = new Map();
    reachCache.set(model, cache);
  }
  const id = `${fromId}>${gateway.id}`;
  const known = cache.get(id);
  if (known !== undefined) return known;
  const seen = new Set<string>();
  const stack = [fromId];
  let found = false;
  while (stack.length > 0 && !found) {
    const current = stack.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const node = model.nodes.get(current);
    if (!node) continue;
    const next = [...node.outgoing.map((f) => model.flows.get(f)!.targetRef), ...(node.boundaryEvents ?? [])];
    for (const n of next) {
      if (n === gateway.id) found = true;
      else stack.push(n);
    }
  }
  cache.set(id, found);
  return found;
}
