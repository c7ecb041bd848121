/**
 * Decision services (DMN 1.3 §6.3.11 and §10.4; TCK 0085): invoked as functions of their input
 * data and input decisions, or evaluated on their own; and the evaluate-only parse (TCK runner)
 * that knows decisions without ids by their names.
 */
import { decisionIdByName, decisionServiceIdByName, evaluateDecision, evaluateDecisionServiceValue, parseDmn } from '..';
import { definitions } from './dmn-xml';

const text = (feel: string): string =>
  `<literalExpression><text>${feel.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text></literalExpression>`;
const requires = (kind: 'requiredDecision' | 'requiredInput', id: string): string =>
  `<informationRequirement><${kind} href="#${id}"/></informationRequirement>`;

const SERVICE = `
  <inputData id="in" name="name"><variable name="name" typeRef="string"/></inputData>
  <decision id="greeting" name="greeting"><variable name="greeting" typeRef="string"/>${text('"Hello"')}</decision>
  <decision id="out" name="out"><variable name="out"/>${requires('requiredDecision', 'greeting')}${requires('requiredInput', 'in')}${text('greeting + " " + name')}</decision>
  <decisionService id="svc" name="greet"><variable name="greet"/>
    <outputDecision href="#out"/><inputDecision href="#greeting"/><inputData href="#in"/>
  </decisionService>
  <decision id="caller" name="caller"><variable name="caller"/>
    <knowledgeRequirement><requiredKnowledge href="#svc"/></knowledgeRequirement>${text('greet("Ada", "Hi")')}</decision>
  <decision id="wrongType" name="wrongType"><variable name="wrongType"/>
    <knowledgeRequirement><requiredKnowledge href="#svc"/></knowledgeRequirement>${text('greet(1, "Hi")')}</decision>
  <decision id="tooFew" name="tooFew"><variable name="tooFew"/>
    <knowledgeRequirement><requiredKnowledge href="#svc"/></knowledgeRequirement>${text('greet("Ada")')}</decision>`;

describe('decision services', () => {
  it('invoked as a function: input data first, then input decisions, whose given value replaces their logic', async () => {
    const { model } = await parseDmn(definitions(SERVICE));
    expect(evaluateDecision(model, 'caller', {}).decisionOutput).toBe('"Hi Ada"');
  });

  it('fails an invocation with an argument of another type or a missing parameter (TCK 0085 007, 008)', async () => {
    const { model } = await parseDmn(definitions(SERVICE));
    expect(evaluateDecision(model, 'wrongType', {}).failureMessage).toMatch(/expected 'string' but found '1'/);
    expect(evaluateDecision(model, 'tooFew', {}).failureMessage).toMatch(/expects 2 parameters, got 1/);
  });

  it('evaluated on its own, takes its parameters from the variables by name and sees nothing else', async () => {
    const { model } = await parseDmn(definitions(SERVICE));
    const id = decisionServiceIdByName(model, 'greet')!;
    expect(evaluateDecisionServiceValue(model, id, { name: 'Bo', greeting: 'Hey', other: 1 })).toEqual({ value: 'Hey Bo' });
  });

  it('with several output decisions, gives a context by their names', async () => {
    const body = `
      <decision id="a" name="a"><variable name="a"/>${text('1')}</decision>
      <decision id="b" name="b"><variable name="b"/>${text('2')}</decision>
      <decisionService id="both" name="both"><variable name="both"/><outputDecision href="#a"/><outputDecision href="#b"/></decisionService>`;
    const { model } = await parseDmn(definitions(body));
    const result = evaluateDecisionServiceValue(model, 'both', {});
    expect(JSON.stringify(result)).toBe('{"value":{"a":1,"b":2}}');
  });
});

describe('evaluate-only parse', () => {
  const noIds = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" name="unnamed" namespace="urn:x">
  <decision name="first">${text('"one"')}</decision>
  <decision id="human" name="human"><variable name="human"/></decision>
</definitions>`;

  it('a deployment rejects definitions and decisions without ids, as Zeebe does', async () => {
    await expect(parseDmn(noIds)).rejects.toThrow('The DMN definitions must have an id');
  });

  it('evaluate-only, knows them by name and fails a decision without logic only when evaluated', async () => {
    const { model } = await parseDmn(noIds, { evaluateOnly: true });
    expect(evaluateDecision(model, decisionIdByName(model, 'first')!, {}).decisionOutput).toBe('"one"');
    expect(evaluateDecision(model, 'human', {}).failureMessage).toBe('the decision has no decision logic');
  });
});

describe('decision services at deployment', () => {
  it('leaves out a decision service with a broken reference, which dmn-scala (Zeebe) ignores', async () => {
    const body = `<decision id="a" name="a"><variable name="a"/>${text('1')}</decision>
      <decisionService id="broken" name="broken"><variable name="broken"/><outputDecision href="#nowhere"/></decisionService>`;
    const { model } = await parseDmn(definitions(body));
    expect(model.decisionServices.size).toBe(0);
    expect(evaluateDecision(model, 'a', {}).decisionOutput).toBe('1');
  });
});
