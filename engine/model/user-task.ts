/**
 * User tasks: a Camunda user task (zeebe:userTask) is handled by the engine itself; without it the
 * task is a job-based (legacy) user task whose job type is `io.camunda.zeebe:userTask`.
 */
import type { BuildContext } from './context';
import { readBinding } from './bindings';
import { extensions, str, type ModdleElement } from './moddle';
import { isZonedDateTime } from './timers';
import type { Expression, FlowNode, UserTaskDefinition } from './types';

const LEGACY_JOB_TYPE = 'io.camunda.zeebe:userTask';
/** Zeebe creates legacy user task jobs with a single retry. */
const LEGACY_JOB_RETRIES = '1';

export function applyUserTask(el: ModdleElement, node: FlowNode, ctx: BuildContext): void {
  const native = extensions(el, 'zeebe:UserTask').length > 0;
  const definition = readUserTaskDefinition(el, node.id, native, ctx);
  if (native) {
    node.userTask = definition;
    return;
  }
  node.jobWorkerUserTask = definition;
  node.taskDefinition = {
    type: { raw: LEGACY_JOB_TYPE, feel: null },
    retries: { raw: LEGACY_JOB_RETRIES, feel: null },
  };
}

function readUserTaskDefinition(el: ModdleElement, field: string, native: boolean, ctx: BuildContext): UserTaskDefinition {
  const definition: UserTaskDefinition = {};
  readForm(el, field, native, definition, ctx);

  const assignment = extensions(el, 'zeebe:AssignmentDefinition')[0];
  definition.assignee = optional(assignment, 'assignee', field, ctx);
  definition.candidateGroups = optional(assignment, 'candidateGroups', field, ctx, csvRequirement);
  definition.candidateUsers = optional(assignment, 'candidateUsers', field, ctx, csvRequirement);

  const schedule = extensions(el, 'zeebe:TaskSchedule')[0];
  definition.dueDate = optional(schedule, 'dueDate', field, ctx, dateTimeRequirement);
  definition.followUpDate = optional(schedule, 'followUpDate', field, ctx, dateTimeRequirement);

  const priority = extensions(el, 'zeebe:PriorityDefinition')[0];
  if (priority) definition.priority = readPriority(str(priority, 'priority'), field, ctx);

  for (const key of Object.keys(definition) as (keyof UserTaskDefinition)[]) {
    if (definition[key] === undefined) delete definition[key];
  }
  return definition;
}

function readForm(el: ModdleElement, field: string, native: boolean, definition: UserTaskDefinition, ctx: BuildContext): void {
  const form = extensions(el, 'zeebe:FormDefinition')[0];
  if (!form) return;
  const formId = nonBlank(str(form, 'formId'));
  const externalReference = nonBlank(str(form, 'externalReference'));
  const formKey = nonBlank(str(form, 'formKey'));
  const [other, otherName] = native ? [externalReference, 'externalReference'] : [formKey, 'formKey'];
  if ((formId === undefined) === (other === undefined)) {
    ctx.problems.add(
      field,
      `Exactly one of the attributes 'formId, ${otherName}' must be present and not blank${native ? ' for native user tasks' : ''}`,
    );
    return;
  }
  if (externalReference?.startsWith('=')) ctx.expressions.expression(field, externalReference);
  definition.formId = formId;
  definition.externalFormReference = native ? externalReference : undefined;
  definition.formKey = native ? undefined : formKey;
  if (formId) {
    const binding = readBinding(form, field, ctx);
    definition.formBindingType = binding.bindingType;
    definition.formVersionTag = binding.versionTag;
  }
}

interface StaticRequirement {
  test(value: string): boolean;
  description: string;
}

const csvRequirement: StaticRequirement = {
  test: (value) => value.split(',').every((entry) => entry.trim() !== ''),
  description: "be a list of comma-separated values, e.g. 'a,b,c'",
};

const dateTimeRequirement: StaticRequirement = {
  test: isZonedDateTime,
  description: "be a valid DateTime String, e.g. '2023-03-02T15:35+02:00'",
};

function optional(
  ext: ModdleElement | undefined,
  prop: string,
  field: string,
  ctx: BuildContext,
  requirement?: StaticRequirement,
): Expression | undefined {
  const raw = nonBlank(str(ext, prop));
  if (raw === undefined) return undefined;
  const expression = ctx.expressions.expression(field, raw);
  if (expression && expression.feel === null && requirement && !requirement.test(raw)) {
    ctx.problems.add(field, `Expected static value to ${requirement.description}, but found '${raw}'.`);
    return undefined;
  }
  return expression;
}

function readPriority(raw: string | undefined, field: string, ctx: BuildContext): Expression | undefined {
  if (!raw) {
    ctx.problems.add(field, "Attribute 'priority' must be present and not empty");
    return undefined;
  }
  const expression = ctx.expressions.expression(field, raw, { mandatory: true });
  if (!expression || expression.feel !== null) return expression;
  if (!/^[-+]?\d+$/.test(raw.trim())) {
    ctx.problems.add(field, `Expected static value to be a valid Number between 0 and 100, but found '${raw}'.`);
    return undefined;
  }
  const value = Number(raw);
  if (value < 0 || value > 100) {
    ctx.problems.add(field, `Priority must be a number between 0 and 100, but was '${raw}'`);
    return undefined;
  }
  return expression;
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
