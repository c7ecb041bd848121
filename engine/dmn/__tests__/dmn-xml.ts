/** Small builders for DMN XML test fixtures. */
export const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function definitions(decisions: string, namespace = DMN13, id = 'drg'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${namespace}" id="${id}" name="Test DRG" namespace="http://camunda.org/schema/1.0/dmn">
${decisions}
</definitions>`;
}

function requirements(owner: string, requires: string[]): string {
  return requires
    .map((r) => `<informationRequirement id="${owner}_requires_${r}"><requiredDecision href="#${r}" /></informationRequirement>`)
    .join('');
}

export interface OutputSpec {
  name?: string;
  label?: string;
  /** Output values list, e.g. `"high","low"`. */
  values?: string;
  defaultEntry?: string;
}

export interface TableSpec {
  id: string;
  name?: string;
  hitPolicy?: string;
  aggregation?: string;
  inputs: string[];
  outputs: OutputSpec[];
  rules: [string[], string[]][];
  requires?: string[];
}

export function table(spec: TableSpec): string {
  const attrs = `${spec.hitPolicy ? ` hitPolicy="${spec.hitPolicy}"` : ''}${spec.aggregation ? ` aggregation="${spec.aggregation}"` : ''}`;
  const inputs = spec.inputs
    .map(
      (expr, i) =>
        `<input id="${spec.id}_in${i}" label="Input ${i + 1}"><inputExpression id="${spec.id}_inExpr${i}"><text>${esc(expr)}</text></inputExpression></input>`,
    )
    .join('');
  const outputs = spec.outputs
    .map(
      (o, i) =>
        `<output id="${spec.id}_out${i}"${o.name ? ` name="${o.name}"` : ''}${o.label ? ` label="${o.label}"` : ''}>` +
        `${o.values ? `<outputValues id="${spec.id}_values${i}"><text>${esc(o.values)}</text></outputValues>` : ''}` +
        `${o.defaultEntry ? `<defaultOutputEntry id="${spec.id}_default${i}"><text>${esc(o.defaultEntry)}</text></defaultOutputEntry>` : ''}</output>`,
    )
    .join('');
  const rules = spec.rules
    .map(
      ([ins, outs], r) =>
        `<rule id="${spec.id}_r${r + 1}">` +
        ins.map((t, i) => `<inputEntry id="${spec.id}_r${r + 1}_i${i}"><text>${esc(t)}</text></inputEntry>`).join('') +
        outs.map((t, i) => `<outputEntry id="${spec.id}_r${r + 1}_o${i}"><text>${esc(t)}</text></outputEntry>`).join('') +
        '</rule>',
    )
    .join('');
  return (
    `<decision id="${spec.id}" name="${spec.name ?? spec.id}">${requirements(spec.id, spec.requires ?? [])}` +
    `<decisionTable id="${spec.id}_table"${attrs}>${inputs}${outputs}${rules}</decisionTable></decision>`
  );
}

export function literal(id: string, expression: string, variable?: string, requires: string[] = []): string {
  return (
    `<decision id="${id}" name="${id}">${requirements(id, requires)}` +
    `${variable ? `<variable id="${id}_var" name="${variable}" />` : ''}` +
    `<literalExpression id="${id}_expr"><text>${esc(expression)}</text></literalExpression></decision>`
  );
}
