/**
 * Deploy-time parsing of a Camunda 8 BPMN resource: builds one ProcessModel per executable process
 * and rejects the whole resource, Zeebe-style, when anything in it cannot be executed.
 */
import { checkExpression as defaultCheckExpression } from '../feel';
import { buildProcess } from './build-process';
import { validateCompensation } from './compensation';
import type { BuildContext } from './context';
import { ExpressionChecker, type CheckExpression } from './expressions';
import { bool, list, readBpmnXml, str, type ReadResult } from './moddle';
import { Problems, rejectResource } from './rejection';
import type { BpmnResource } from './types';
import { validateBoundaryEvents } from './validate-boundary';
import { validateEventGateways } from './validate-event-gateway';
import { validateFlows } from './validate-flows';
import { validateLinks } from './validate-links';
import { validateScopes } from './validate-scopes';
import { readWarnings } from './warnings';

export interface ParseBpmnOptions {
  /** FEEL syntax check; defaults to engine/feel. */
  checkExpression?: CheckExpression;
}

const DEFAULT_RESOURCE_NAME = 'process.bpmn';

/** Throws DeploymentRejectedError (one detail per problem, field = element id) when the resource is not executable. */
export async function parseBpmn(xml: string, resourceName = DEFAULT_RESOURCE_NAME, options: ParseBpmnOptions = {}): Promise<BpmnResource> {
  const read = await readXml(xml, resourceName);
  const problems = new Problems();
  const ctx: BuildContext = {
    problems,
    expressions: new ExpressionChecker(problems, options.checkExpression ?? defaultCheckExpression),
  };
  const unresolved = readWarnings(read.warnings, xml, resourceName, problems);

  const executable = list(read.definitions, 'rootElements').filter(
    (el) => el.$type === 'bpmn:Process' && bool(el, 'isExecutable') === true,
  );
  if (executable.length === 0) {
    problems.add(str(read.definitions, 'id') ?? resourceName, 'Must contain at least one executable process');
  }
  const processes = executable.flatMap((processEl) => {
    if (!str(processEl, 'id')) {
      problems.add(str(read.definitions, 'id') ?? resourceName, "Attribute 'id' of an executable process must be present and not empty");
      return [];
    }
    const { model, conditionalFlows } = buildProcess(processEl, ctx, unresolved);
    validateScopes(model, problems);
    validateFlows(model, conditionalFlows, problems);
    validateEventGateways(model, problems);
    validateBoundaryEvents(model, problems);
    validateLinks(model, problems);
    validateCompensation(model, problems);
    return model;
  });
  if (!problems.isEmpty) rejectResource(resourceName, problems.details);
  return { processes };
}

async function readXml(xml: string, resourceName: string): Promise<ReadResult> {
  try {
    return await readBpmnXml(xml);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const nested = err instanceof Error ? /nested error: ([^\n]*)/.exec(err.message)?.[1] : undefined;
    return rejectResource(resourceName, [
      { field: resourceName, message: `Failed to parse BPMN XML: ${reason}${nested ? ` (${nested})` : ''}` },
    ]);
  }
}
