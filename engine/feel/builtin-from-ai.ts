/**
 * `fromAi(value, description, type, schema, options)`, a Camunda 8.8 extension: returns `value`
 * unchanged; the other arguments only describe it for AI integrations, which read them from the
 * expression (see ./from-ai-parameters.ts).
 * https://docs.camunda.io/docs/components/modeler/feel/builtin-functions/feel-built-in-functions-miscellaneous/
 */
import { FeelFunction } from 'feelin';

export const fromAiFunctions: Readonly<Record<string, FeelFunction>> = {
  fromAi: new FeelFunction((value: unknown) => value ?? null, ['value', 'description', 'type', 'schema', 'options']),
};
