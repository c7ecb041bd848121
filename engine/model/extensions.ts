/**
 * Generic rules on zeebe extension elements: a singleton may appear once, and extensions whose
 * semantics this engine does not implement are rejected instead of silently ignored.
 */
import type { BuildContext } from './context';
import { allExtensions, type ModdleElement } from './moddle';

/** Extensions Zeebe allows at most once per element. */
const SINGLETONS = [
  'zeebe:TaskDefinition',
  'zeebe:TaskHeaders',
  'zeebe:IoMapping',
  'zeebe:UserTask',
  'zeebe:AssignmentDefinition',
  'zeebe:FormDefinition',
  'zeebe:TaskSchedule',
  'zeebe:PriorityDefinition',
  'zeebe:CalledDecision',
  'zeebe:Script',
  'zeebe:VersionTag',
  'zeebe:AdHoc',
];

const UNSUPPORTED: Record<string, string> = {};

/** `zeebe:TaskDefinition` → `taskDefinition`, as Zeebe names extension elements in messages. */
export function zeebeName(type: string): string {
  const local = type.slice(type.indexOf(':') + 1);
  return local.charAt(0).toLowerCase() + local.slice(1);
}

export function checkExtensions(el: ModdleElement, field: string, ctx: BuildContext): void {
  const extensions = allExtensions(el);
  for (const type of SINGLETONS) {
    if (extensions.filter((ext) => ext.$type === type).length > 1) {
      ctx.problems.add(
        field,
        `Must have exactly one 'zeebe:${zeebeName(type)}' extension element when exists. ` +
          'Please check process definition XML and retain only one extension element.',
      );
    }
  }
  for (const ext of extensions) {
    const message = UNSUPPORTED[ext.$type];
    if (message) ctx.problems.add(field, message);
  }
}
