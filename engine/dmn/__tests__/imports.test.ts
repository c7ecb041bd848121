/**
 * DMN imports (DMN 1.3 §6.3.3; TCK 0086-import, 0089-nested-inputdata-imports): requirements into
 * an imported model by `namespace#id`, its elements known in FEEL as `<import name>.<name>`.
 */
import { evaluateDecision, parseDmn, type DmnModel } from '..';

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

const model = (id: string, namespace: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="${DMN13}" id="${id}" name="${id}" namespace="${namespace}">${body}</definitions>`;

const GREETINGS = model(
  'greetings',
  'urn:greetings',
  `<inputData id="person" name="Person name"><variable name="Person name" typeRef="string"/></inputData>
   <decision id="greet" name="Greet the Person"><variable name="Greet the Person" typeRef="string"/>
     <informationRequirement><requiredInput href="#person"/></informationRequirement>
     <literalExpression><text>"Hello, " + Person name</text></literalExpression></decision>
   <businessKnowledgeModel id="hello" name="Say Hello"><variable name="Say Hello"/><encapsulatedLogic>
     <formalParameter name="name" typeRef="string"/><literalExpression><text>"Hi " + name</text></literalExpression>
   </encapsulatedLogic></businessKnowledgeModel>`,
);

const IMPORTER = model(
  'importer',
  'urn:importer',
  `<import namespace="urn:greetings" name="greetings" importType="${DMN13}"/>
   <decision id="both" name="both"><variable name="both"/>
     <informationRequirement><requiredDecision href="urn:greetings#greet"/></informationRequirement>
     <knowledgeRequirement><requiredKnowledge href="urn:greetings#hello"/></knowledgeRequirement>
     <literalExpression><text>greetings.Greet the Person + " / " + greetings.Say Hello("Bo")</text></literalExpression></decision>`,
);

describe('DMN imports', () => {
  let imported: DmnModel;
  beforeAll(async () => {
    imported = (await parseDmn(GREETINGS)).model;
  });

  it('evaluates required decisions and invokes knowledge models of the imported model by their qualified names', async () => {
    const { model: m } = await parseDmn(IMPORTER, { imports: [imported] });
    const result = evaluateDecision(m, 'both', { 'Person name': 'Ada' });
    expect(result.failureMessage).toBeUndefined();
    expect(result.decisionOutput).toBe('"Hello, Ada / Hi Bo"');
    expect(result.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['greet', 'both']);
  });

  it('takes the imported model’s input data from the context named after the import too', async () => {
    const { model: m } = await parseDmn(IMPORTER, { imports: [imported] });
    expect(evaluateDecision(m, 'both', { greetings: { 'Person name': 'Cy' } }).decisionOutput).toBe('"Hello, Cy / Hi Bo"');
  });

  it('rejects a model whose import is not among the given models, with dmn-scala’s message', async () => {
    await expect(parseDmn(IMPORTER)).rejects.toThrow("No import found for namespace 'urn:greetings'.");
  });

  it('accepts an import nothing points into, even when the imported model is absent', async () => {
    const unused = model(
      'lonely',
      'urn:lonely',
      `<import namespace="urn:elsewhere" name="elsewhere" importType="${DMN13}"/>
      <decision id="one" name="one"><variable name="one"/><literalExpression><text>1</text></literalExpression></decision>`,
    );
    const { model: m } = await parseDmn(unused);
    expect(evaluateDecision(m, 'one', {}).decisionOutput).toBe('1');
  });
});
