/**
 * The `fromAi()` calls in a FEEL expression as tool parameters, read from the syntax tree without
 * evaluating the expression, as Zeebe 8.8 does for the `adHocSubProcessElements` variable
 * (FromAiFeelFunctionCallParameterExtractor): the value must be a reference such as
 * `toolCall.query`, description and type string constants, schema and options context constants.
 */
import { parseExpression } from 'feelin';
import { toJsonValue } from './convert';
import { evaluateFeel } from './evaluate';
import { parseContext } from './names';

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];

export interface FromAiParameter {
  name: string;
  description?: string;
  type?: string;
  schema?: Record<string, unknown>;
  options?: Record<string, unknown>;
}

const ARGUMENTS = ['value', 'description', 'type', 'schema', 'options'] as const;
type Argument = (typeof ARGUMENTS)[number];

/** The parameters of all `fromAi()` calls, in source order; throws an Error with Zeebe's text for a malformed call. */
export function extractFromAiParameters(source: string): FromAiParameter[] {
  const found: FromAiParameter[] = [];
  const tree = parseExpression(source, parseContext, 'camunda');
  tree.iterate({
    enter(ref) {
      if (ref.type.name !== 'FunctionInvocation') return undefined;
      const callee = ref.node.firstChild;
      if (!callee || source.slice(callee.from, callee.to).trim() !== 'fromAi') return undefined;
      found.push(toParameter(source, argumentsOf(source, ref.node)));
      // As Zeebe, a fromAi() call is not searched for nested calls.
      return false;
    },
  });
  return found;
}

function argumentsOf(source: string, call: SyntaxNode): Partial<Record<Argument, SyntaxNode>> {
  const args: Partial<Record<Argument, SyntaxNode>> = {};
  const list = call.getChild('PositionalParameters') ?? call.getChild('NamedParameters');
  if (!list) return args;
  const items = children(list);
  if (list.name === 'PositionalParameters') {
    items.slice(0, ARGUMENTS.length).forEach((node, i) => (args[ARGUMENTS[i]!] = node));
    return args;
  }
  for (const parameter of items) {
    const [nameNode, valueNode] = children(parameter);
    const name = nameNode ? source.slice(nameNode.from, nameNode.to).trim() : '';
    if (valueNode && (ARGUMENTS as readonly string[]).includes(name)) args[name as Argument] = valueNode;
  }
  return args;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (!['(', ')', ',', '{', '}', '[', ']'].includes(child.name)) out.push(child);
  }
  return out;
}

function toParameter(source: string, args: Partial<Record<Argument, SyntaxNode>>): FromAiParameter {
  const text = (node: SyntaxNode) => source.slice(node.from, node.to);
  const value = args.value;
  if (!value || (value.name !== 'PathExpression' && value.name !== 'VariableName')) {
    const received = !value ? 'nothing' : value.name === 'StringLiteral' ? `string '${constant(text(value))}'` : text(value);
    throw new Error(`Expected fromAi() parameter 'value' to be a reference (e.g. 'toolCall.customParameter'), but received ${received}.`);
  }
  const parameter: FromAiParameter = { name: text(value).replace(/\s+/g, '') };
  for (const key of ['description', 'type'] as const) {
    const node = args[key];
    if (!node || node.name === 'Null') continue;
    if (node.name !== 'StringLiteral')
      throw new Error(`Expected fromAi() parameter '${key}' to be a string, but received '${text(node)}'.`);
    parameter[key] = constant(text(node)) as string;
  }
  for (const key of ['schema', 'options'] as const) {
    const node = args[key];
    if (!node || node.name === 'Null') continue;
    if (node.name !== 'Context')
      throw new Error(`Expected fromAi() parameter '${key}' to be a context (map), but received '${text(node)}'.`);
    parameter[key] = constant(text(node)) as Record<string, unknown>;
  }
  return parameter;
}

/** A constant's value (string, context of constants), evaluated without variables. */
function constant(source: string): unknown {
  return toJsonValue(evaluateFeel(source, {}));
}
