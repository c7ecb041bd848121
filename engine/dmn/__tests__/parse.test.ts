import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeploymentRejectedError } from '../../errors';
import { parseDmn } from '..';
import { definitions, literal, table } from './dmn-xml';

async function rejection(xml: string): Promise<DeploymentRejectedError> {
  try {
    await parseDmn(xml);
  } catch (e) {
    if (e instanceof DeploymentRejectedError) return e;
    throw e;
  }
  throw new Error('expected the DMN to be rejected');
}

describe('parseDmn', () => {
  it('describes the decision requirements graph', async () => {
    const { resource, model } = await parseDmn(readFileSync(join(__dirname, '../__fixtures__/discount.dmn'), 'utf8'));
    expect(resource).toEqual({
      decisionRequirementsId: 'pricing',
      decisionRequirementsName: 'Pricing',
      namespace: 'http://camunda.org/schema/1.0/dmn',
      decisions: [
        { id: 'customerTier', name: 'Customer tier', requiredDecisions: [] },
        { id: 'discount', name: 'Discount', requiredDecisions: ['customerTier'] },
        { id: 'greeting', name: 'Greeting', requiredDecisions: [] },
      ],
    });
    const discount = model.decisions.get('discount')!;
    expect(discount.logic.kind).toBe('DECISION_TABLE');
    expect(model.decisions.get('greeting')!.resultName).toBe('greetingText');
  });

  it('accepts DMN 1.1 and 1.2 namespaces', async () => {
    const d = literal('answer', '42');
    await expect(parseDmn(definitions(d, 'http://www.omg.org/spec/DMN/20151101/dmn.xsd'))).resolves.toBeDefined();
    const withDiagram = definitions(
      `${d}<dmndi:DMNDI xmlns:dmndi="http://www.omg.org/spec/DMN/20180521/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/">` +
        '<dmndi:DMNDiagram id="dia"><dmndi:DMNShape id="s" dmnElementRef="answer"><dc:Bounds height="80" width="180" x="1" y="2" /></dmndi:DMNShape></dmndi:DMNDiagram></dmndi:DMNDI>',
      'http://www.omg.org/spec/DMN/20180521/MODEL/',
    );
    await expect(parseDmn(withDiagram)).resolves.toBeDefined();
  });

  it('rejects unreadable or foreign documents', async () => {
    expect((await rejection('not xml')).message).toMatch(/DMN/);
    expect((await rejection(definitions(literal('a', '1'), 'https://example.com/spec/DMN/MODEL/'))).message).toMatch(
      /Unsupported DMN namespace/,
    );
    expect((await rejection('<?xml version="1.0"?><process id="p"/>')).message).toMatch(/definitions/);
    expect((await rejection(definitions(''))).details).toEqual([{ field: 'drg', message: expect.stringMatching(/at least one decision/) }]);
  });

  it('rejects FEEL syntax errors, naming the element', async () => {
    const xml = definitions(
      table({
        id: 'd',
        inputs: ['amount +'],
        outputs: [{ name: 'o' }],
        rules: [[['>>'], ['"x" +']]],
      }) + literal('l', 'if x then'),
    );
    const { details } = await rejection(xml);
    expect(details).toEqual([
      { field: 'd_inExpr0', message: expect.stringMatching(/^FEEL expression: failed to parse expression 'amount \+'/) },
      { field: 'd_r1_i0', message: expect.stringMatching(/^FEEL unary-tests: /) },
      { field: 'd_r1_o0', message: expect.stringMatching(/^FEEL expression: /) },
      { field: 'l_expr', message: expect.stringMatching(/^FEEL expression: /) },
    ]);
  });

  it('rejects unsupported or invalid decision logic', async () => {
    const xml = definitions(
      table({ id: 'hp', hitPolicy: 'SOMETIMES', inputs: ['x'], outputs: [{ name: 'o' }], rules: [] }) +
        table({ id: 'names', inputs: ['x'], outputs: [{ label: 'A' }, { name: 'b' }], rules: [] }) +
        table({ id: 'agg', hitPolicy: 'COLLECT', aggregation: 'SUM', inputs: ['x'], outputs: [{ name: 'a' }, { name: 'b' }], rules: [] }) +
        table({ id: 'cols', inputs: ['x', 'y'], outputs: [{ name: 'o' }], rules: [[['1'], ['2']]] }) +
        '<decision id="empty" name="Empty" />' +
        '<decision id="lang" name="Lang"><literalExpression id="lang_expr" expressionLanguage="javascript"><text>1</text></literalExpression></decision>' +
        '<decision id="blank" name="Blank"><literalExpression id="blank_expr"><text> </text></literalExpression></decision>',
    );
    const { details } = await rejection(xml);
    expect(details).toEqual([
      { field: 'hp_table', message: expect.stringMatching(/Unsupported hit policy 'SOMETIMES'/) },
      { field: 'names_out0', message: 'no output name defined for `A`' },
      { field: 'agg_table', message: "hit policy 'COLLECT' with aggregator is not defined for compound output" },
      { field: 'cols_r1', message: 'Expected 2 input entries and 1 output entries, but found 1 and 1' },
      { field: 'empty', message: expect.stringMatching(/no decision logic/) },
      { field: 'lang_expr', message: "Expression language 'javascript' is not supported" },
      { field: 'blank_expr', message: "The expression 'blank_expr' must not be empty." },
    ]);
  });

  it('rejects missing and cyclic required decisions', async () => {
    const missing = await rejection(definitions(literal('a', 'b', undefined, ['b'])));
    expect(missing.details).toEqual([{ field: 'a', message: "Required decision 'b' not found" }]);
    const cyclic = await rejection(definitions(literal('a', 'b', undefined, ['b']) + literal('b', 'a', undefined, ['a'])));
    expect(cyclic.details[0].message).toMatch(/Cyclic dependencies between decisions detected/);
  });
});
