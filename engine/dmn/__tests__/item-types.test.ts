/**
 * typeRefs naming item definitions (DMN 1.3 §7.3.2; Camunda does not check them), with the
 * outcomes of DMN TCK 0082-feel-coercion, and the singleton-list coercion of built-in types
 * (DMN 1.3 §10.3.2.9.4; TCK 0021-singleton-list), where dmn-scala would fail.
 */
import { evaluateDecision, parseDmn } from '..';
import { definitions } from './dmn-xml';

const TYPES = `
  <itemDefinition name="tNumberList" isCollection="true"><typeRef>number</typeRef></itemDefinition>
  <itemDefinition name="tNameAndAge">
    <itemComponent name="name"><typeRef>string</typeRef></itemComponent>
    <itemComponent name="age"><typeRef>number</typeRef></itemComponent>
  </itemDefinition>`;

const decision = (id: string, typeRef: string, feel: string): string =>
  `<decision id="${id}" name="${id}"><variable name="${id}" typeRef="${typeRef}"/><literalExpression><text>${feel.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</text></literalExpression></decision>`;

async function output(body: string, id: string): Promise<{ output: string; failure?: string }> {
  const { model } = await parseDmn(definitions(TYPES + body));
  const result = evaluateDecision(model, id, {});
  return { output: result.decisionOutput, failure: result.failureMessage };
}

describe('item definitions', () => {
  it.each([
    ['[1, 2, 3]', 'tNumberList', '[1,2,3]'],
    ['[1, 2, "foo"]', 'tNumberList', 'null'],
    ['"foo"', 'tNumberList', 'null'],
    ['{name: "Ada", age: 36, extra: true}', 'tNameAndAge', '{"name":"Ada","age":36,"extra":true}'],
    ['{name: "foo"}', 'tNameAndAge', 'null'],
    ['{name: "Ada", age: "36"}', 'tNameAndAge', 'null'],
    ['["foo"]', 'string', '"foo"'],
  ])('%s as %s → %s', async (feel, typeRef, expected) => {
    expect((await output(decision('d', typeRef, feel), 'd')).output).toBe(expected);
  });

  it('keeps dmn-scala’s failure for a value of another built-in type', async () => {
    expect((await output(decision('d', 'number', '"ten"'), 'd')).failure).toBe(`expected 'number' but found '"ten"'`);
  });

  it('makes the invocation of a knowledge model null when an argument does not conform to its item definition', async () => {
    const bkm = `<businessKnowledgeModel id="bkm" name="adult"><variable name="adult"/><encapsulatedLogic>
      <formalParameter name="person" typeRef="tNameAndAge"/><literalExpression><text>person.age &gt;= 18</text></literalExpression>
    </encapsulatedLogic></businessKnowledgeModel>`;
    const call = (id: string, arg: string): string =>
      `<decision id="${id}" name="${id}"><variable name="${id}"/><knowledgeRequirement><requiredKnowledge href="#bkm"/></knowledgeRequirement>` +
      `<literalExpression><text>adult(${arg})</text></literalExpression></decision>`;
    const body = bkm + call('ok', '{name: "Ada", age: 36}') + call('bad', '{name: "Ada"}');
    expect((await output(body, 'ok')).output).toBe('true');
    expect((await output(body, 'bad')).output).toBe('null');
  });

  it.each([
    ['[1, 2, 3] instance of tNumberList', 'true'],
    ['[1, "2"] instance of tNumberList', 'false'],
    ['{name: "Ada", age: 36, extra: 1} instance of tNameAndAge', 'true'],
    ['[{name: "Ada", age: 36}] instance of list<tNameAndAge>', 'true'],
    ['"tNumberList instance of tNumberList"', '"tNumberList instance of tNumberList"'],
  ])('%s → %s (TCK 0070: an item definition as the type of instance of)', async (feel, expected) => {
    expect((await output(decision('d', 'Any', feel), 'd')).output).toBe(expected);
  });
});
