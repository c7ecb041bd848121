/** Decisions: evaluate; decision definitions and requirements: search, get, XML. */
import type { FastifyInstance } from 'fastify';
import type { DecisionEvaluationResult, Variables } from '../../api';
import { InvalidArgumentError } from '../../errors';
import type { EngineQueries, SearchQuery } from '../../query';
import { decisionDefinitionSearch, decisionRequirementsSearch } from '../../query/decisions';
import { keyParams, keySchema, objectSchema, searchBodySchema, tenantIdSchema, variablesSchema } from '../schemas';
import type { RouteContext } from './context';

interface EvaluationBody {
  decisionDefinitionId?: string;
  decisionDefinitionKey?: string;
  variables?: Variables;
  tenantId?: string;
}

/** Camunda's response names; keys and versions of the required decisions come from the read model. */
async function toEvaluationResponse(r: DecisionEvaluationResult, queries: EngineQueries): Promise<object> {
  const siblings = await queries.decisionDefinitions.search({
    filter: { decisionRequirementsKey: r.decisionRequirementsKey },
    page: { limit: 1000 },
  });
  const byId = new Map(siblings.items.map((d) => [d.decisionDefinitionId, d]));
  return {
    decisionDefinitionId: r.decisionId,
    decisionDefinitionName: r.decisionName,
    decisionDefinitionVersion: r.decisionVersion,
    decisionRequirementsId: r.decisionRequirementsId,
    output: r.decisionOutput,
    failedDecisionDefinitionId: r.failedDecisionId ?? '',
    failureMessage: r.failureMessage ?? '',
    tenantId: r.tenantId,
    decisionDefinitionKey: r.decisionKey,
    decisionRequirementsKey: r.decisionRequirementsKey,
    decisionInstanceKey: r.decisionInstanceKey,
    decisionEvaluationKey: r.decisionInstanceKey,
    evaluatedDecisions: r.evaluatedDecisions.map((d, i) => ({
      decisionDefinitionId: d.decisionId,
      decisionDefinitionName: d.decisionName,
      decisionDefinitionVersion: byId.get(d.decisionId)?.version ?? r.decisionVersion,
      decisionDefinitionType: d.decisionType,
      output: d.decisionOutput,
      tenantId: r.tenantId,
      matchedRules: d.matchedRules.map((m) => ({
        ruleId: m.ruleId,
        ruleIndex: m.ruleIndex,
        evaluatedOutputs: m.evaluatedOutputs.map((o) => ({ outputId: o.outputId, outputName: o.outputName, outputValue: o.outputValue })),
      })),
      evaluatedInputs: d.evaluatedInputs.map((x) => ({ inputId: x.inputId, inputName: x.inputName, inputValue: x.inputValue })),
      decisionDefinitionKey: byId.get(d.decisionId)?.decisionDefinitionKey ?? r.decisionKey,
      // Zeebe numbers the evaluated decisions of one evaluation: <evaluation key>-<n>.
      decisionEvaluationInstanceKey: `${r.decisionInstanceKey}-${i + 1}`,
    })),
  };
}

export function registerDecisionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Body: EvaluationBody }>(
    '/decision-definitions/evaluation',
    {
      schema: {
        body: objectSchema({
          decisionDefinitionId: { type: 'string', minLength: 1 },
          decisionDefinitionKey: keySchema,
          variables: variablesSchema,
          tenantId: tenantIdSchema,
        }),
      },
    },
    async (request) => {
      const b = request.body;
      if ((b.decisionDefinitionId === undefined) === (b.decisionDefinitionKey === undefined)) {
        throw new InvalidArgumentError('Give either decisionDefinitionId or decisionDefinitionKey', [
          { field: 'decisionDefinitionId', message: 'give either decisionDefinitionId or decisionDefinitionKey' },
        ]);
      }
      const result = await ctx.commands.evaluateDecision({
        decisionId: b.decisionDefinitionId,
        decisionKey: b.decisionDefinitionKey,
        variables: b.variables,
        tenantId: b.tenantId,
      });
      return toEvaluationResponse(result, ctx.queries);
    },
  );

  type DefParams = { Params: { decisionDefinitionKey: string } };
  const defParams = keyParams('decisionDefinitionKey');
  app.post<{ Body: SearchQuery }>(
    '/decision-definitions/search',
    { schema: { body: searchBodySchema(decisionDefinitionSearch) } },
    (request) => ctx.queries.decisionDefinitions.search(request.body as never),
  );
  app.get<DefParams>('/decision-definitions/:decisionDefinitionKey', { schema: { params: defParams } }, (request) =>
    ctx.queries.decisionDefinitions.get(request.params.decisionDefinitionKey),
  );
  app.get<DefParams>('/decision-definitions/:decisionDefinitionKey/xml', { schema: { params: defParams } }, async (request, reply) =>
    reply.type('text/xml').send(await ctx.queries.decisionDefinitions.getXml(request.params.decisionDefinitionKey)),
  );

  type DrgParams = { Params: { decisionRequirementsKey: string } };
  const drgParams = keyParams('decisionRequirementsKey');
  app.post<{ Body: SearchQuery }>(
    '/decision-requirements/search',
    { schema: { body: searchBodySchema(decisionRequirementsSearch) } },
    (request) => ctx.queries.decisionRequirements.search(request.body as never),
  );
  app.get<DrgParams>('/decision-requirements/:decisionRequirementsKey', { schema: { params: drgParams } }, (request) =>
    ctx.queries.decisionRequirements.get(request.params.decisionRequirementsKey),
  );
  app.get<DrgParams>('/decision-requirements/:decisionRequirementsKey/xml', { schema: { params: drgParams } }, async (request, reply) =>
    reply.type('text/xml').send(await ctx.queries.decisionRequirements.getXml(request.params.decisionRequirementsKey)),
  );
}
