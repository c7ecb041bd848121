/** zeebe:taskDefinition and zeebe:taskHeaders of job-based elements. */
import type { BuildContext } from './context';
import { extensions, list, str, type ModdleElement } from './moddle';
import type { TaskDefinition } from './types';

/** Zeebe reserves this header prefix for its own job headers (e.g. legacy user task properties). */
const RESERVED_HEADER_PREFIX = 'io.camunda.zeebe:';

export function hasTaskDefinition(el: ModdleElement): boolean {
  return extensions(el, 'zeebe:TaskDefinition').length > 0;
}

/** Requires exactly one zeebe:taskDefinition, as Zeebe does for service and send tasks and message throw events. */
export function requireTaskDefinition(el: ModdleElement, field: string, ctx: BuildContext): TaskDefinition | undefined {
  if (extensions(el, 'zeebe:TaskDefinition').length !== 1) {
    ctx.problems.add(field, "Must have exactly one 'zeebe:taskDefinition' extension element");
    return undefined;
  }
  return readTaskDefinition(el, field, ctx);
}

export function readTaskDefinition(el: ModdleElement, field: string, ctx: BuildContext): TaskDefinition | undefined {
  const ext = extensions(el, 'zeebe:TaskDefinition')[0];
  if (!ext) return undefined;
  const typeRaw = str(ext, 'type');
  const retriesRaw = str(ext, 'retries') ?? '3';
  if (!typeRaw) ctx.problems.add(field, "Attribute 'type' must be present and not empty");
  if (!retriesRaw) ctx.problems.add(field, "Attribute 'retries' must be present and not empty");
  const type = typeRaw ? ctx.expressions.expression(field, typeRaw, { mandatory: true }) : undefined;
  const retries = retriesRaw ? ctx.expressions.expression(field, retriesRaw, { mandatory: true }) : undefined;
  return type && retries && { type, retries };
}

export function readTaskHeaders(el: ModdleElement, field: string, ctx: BuildContext): Record<string, string> | undefined {
  const headers = list(extensions(el, 'zeebe:TaskHeaders')[0], 'values');
  if (headers.length === 0) return undefined;
  const result: Record<string, string> = {};
  const seen = new Set<string>();
  for (const header of headers) {
    const key = str(header, 'key');
    if (!key) {
      ctx.problems.add(field, "Attribute 'key' must be present and not empty");
      continue;
    }
    if (key.startsWith(RESERVED_HEADER_PREFIX)) {
      ctx.problems.add(
        field,
        `Attribute 'key' contains '${key}', but header keys starting with '${RESERVED_HEADER_PREFIX}' are reserved for internal use.`,
      );
    }
    if (seen.has(key)) ctx.problems.add(field, `Headers contain duplicate entries for key '${key}'`);
    seen.add(key);
    result[key] = str(header, 'value') ?? '';
  }
  return result;
}
