/**
 * DMN 1.3 boxed expressions, business knowledge models and the DMN 1.4/1.5 namespaces. Expected
 * results follow the DMN 1.3 specification (chapter 10 on boxed expressions, 6.3 on knowledge
 * models) and the DMN TCK cases named in each test.
 */
import { decisionIdByName, evaluateDecision, evaluateDecisionValue, parseDmn, type DmnModel } from '..';
import { definitions, literal } from './dmn-xml';

const DMN15 = 'https://www.omg.org/spec/DMN/20230324/MODEL/';

async function model(body: string, namespace?: string): Promise<DmnModel> {
  return (await parseDmn(definitions(body, namespace))).model;
}

function output(m: DmnModel, id: string, variables: Record<string, unknown> = {}): unknown {
  const result = evaluateDecision(m, id, variables);
  expect(result.failureMessage).toBeUndefined();
  return JSON.parse(result.decisionOutput);
}

const input = (name: string): string => `<inputData id="${name.replace(/\W/g, '_')}" name="${name}"><variable name="${name}"/></inputData>`;
const text = (feel: string): string =>
  `<literalExpression><text>${feel.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text></literalExpression>`;
const entry = (name: string | undefined, value: string): string =>
  `<contextEntry>${name === undefined ? '' : `<variable name="${name}"/>`}${value}</contextEntry>`;

/** A knowledge model `name(parameters)` whose body is `body` (FEEL text or a boxed expression). */
function bkm(id: string, name: string, parameters: string[], body: string, requires: string[] = []): string {
  return (
    `<businessKnowledgeModel id="${id}" name="${name}"><variable name="${name}"/>` +
    requires.map((r) => `<knowledgeRequirement><requiredKnowledge href="#${r}"/></knowledgeRequirement>`).join('') +
    `<encapsulatedLogic>${parameters.map((p) => `<formalParameter name="${p}"/>`).join('')}${body.startsWith('<') ? body : text(body)}</encapsulatedLogic>` +
    '</businessKnowledgeModel>'
  );
}

function decision(id: string, logic: string, knowledge: string[] = [], name = id): string {
  return (
    `<decision id="${id}" name="${name}"><variable name="${name}"/>` +
    knowledge.map((r) => `<knowledgeRequirement><requiredKnowledge href="#${r}"/></knowledgeRequirement>`).join('') +
    `${logic}</decision>`
  );
}

describe('DMN 1.4 and 1.5 files, read as DMN 1.3 like Camunda', () => {
  it('accepts the DMN 1.5 namespace with its DMNDI, and ignores shapes pointing to missing elements', async () => {
    const diagram =
      '<dmndi:DMNDI xmlns:dmndi="https://www.omg.org/spec/DMN/20230324/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/">' +
      '<dmndi:DMNDiagram id="dia"><dmndi:DMNShape id="s1" dmnElementRef="answer"><dc:Bounds height="80" width="180" x="1" y="2"/></dmndi:DMNShape>' +
      '<dmndi:DMNShape id="s2" dmnElementRef="gone"><dc:Bounds height="80" width="180" x="1" y="2"/></dmndi:DMNShape></dmndi:DMNDiagram></dmndi:DMNDI>';
    const m = await model(literal('answer', '42') + diagram, DMN15);
    expect(output(m, 'answer')).toBe(42);
    await expect(parseDmn(definitions(literal('answer', '1'), 'https://www.omg.org/spec/DMN/20211108/MODEL/'))).resolves.toBeDefined();
  });

  it('reads names with spaces unquoted, as the TCK writes them (0001-input-data-string)', async () => {
    const m = await model(input('Full Name') + decision('greeting', text('"Hello " + Full Name'), [], 'Greeting Message'), DMN15);
    expect(decisionIdByName(m, 'Greeting Message')).toBe('greeting');
    expect(output(m, 'greeting', { 'Full Name': 'John Doe' })).toBe('Hello John Doe');
  });

  it('does not touch names inside string literals', async () => {
    const m = await model(input('Full Name') + decision('d', text('"Full Name: " + Full Name')), DMN15);
    expect(output(m, 'd', { 'Full Name': 'Ann' })).toBe('Full Name: Ann');
  });
});

describe('boxed expressions', () => {
  it('a context: each entry sees the ones before it; the entry without a name is the result', async () => {
    const ctx = `<context>${entry('Base Price', text('100'))}${entry('Tax', text('Base Price * 0.19'))}${entry(undefined, text('Base Price + Tax'))}</context>`;
    expect(output(await model(decision('price', ctx)), 'price')).toBe(119);
  });

  it('a context without a result entry is the context of its entries, nested boxed expressions included', async () => {
    const inner = `<context>${entry('b', text('a + 1'))}</context>`;
    const ctx = `<context>${entry('a', text('1'))}${entry('nested', inner)}${entry('list', `<list>${text('a')}${text('"x"')}</list>`)}</context>`;
    expect(output(await model(decision('c', ctx)), 'c')).toEqual({ a: 1, nested: { b: 2 }, list: [1, 'x'] });
  });

  it('a relation is a list of contexts, one per row', async () => {
    const relation =
      '<relation><column name="name"/><column name="age"/>' +
      `<row>${text('"Ann"')}${text('30')}</row><row>${text('"Bob"')}${text('1 + 1')}</row></relation>`;
    expect(output(await model(decision('r', relation)), 'r')).toEqual([
      { name: 'Ann', age: 30 },
      { name: 'Bob', age: 2 },
    ]);
  });

  it('a function definition in a context is called by later entries', async () => {
    const fn = `<functionDefinition><formalParameter name="x"/><formalParameter name="y"/>${text('x * y')}</functionDefinition>`;
    const ctx = `<context>${entry('multiply', fn)}${entry(undefined, text('multiply(6, 7)'))}</context>`;
    expect(output(await model(decision('f', ctx)), 'f')).toBe(42);
  });

  it('a decision table nested in a context decides on the entries before it', async () => {
    const table =
      '<decisionTable><input id="i"><inputExpression><text>score</text></inputExpression></input><output id="o" name="risk"/>' +
      '<rule><inputEntry><text>&lt; 50</text></inputEntry><outputEntry><text>"high"</text></outputEntry></rule>' +
      '<rule><inputEntry><text>&gt;= 50</text></inputEntry><outputEntry><text>"low"</text></outputEntry></rule></decisionTable>';
    const ctx = `<context>${entry('score', text('applicant score + 10'))}${entry(undefined, table)}</context>`;
    const m = await model(input('applicant score') + decision('risk', ctx));
    expect(output(m, 'risk', { 'applicant score': 30 })).toBe('high');
    expect(output(m, 'risk', { 'applicant score': 45 })).toBe('low');
  });
});

describe('business knowledge models', () => {
  // 0004-lending's 'Installment calculation' works like this: a BKM called by name from FEEL.
  const installment = bkm('inst', 'Installment calculation', ['Amount', 'Rate'], 'Amount * Rate / 100');

  it('are FEEL functions, called by name from a literal expression, positionally or by parameter name', async () => {
    const m = await model(
      installment +
        decision('pos', text('Installment calculation(1000, 5)'), ['inst']) +
        decision('named', text('Installment calculation(Rate: 2, Amount: 500)'), ['inst']),
    );
    expect(output(m, 'pos')).toBe(50);
    expect(output(m, 'named')).toBe(10);
  });

  it('are called by an invocation with bindings; missing bindings are null', async () => {
    const invocation = (bindings: string): string => `<invocation>${text('Installment calculation')}${bindings}</invocation>`;
    const binding = (name: string, feel: string): string => `<binding><parameter name="${name}"/>${text(feel)}</binding>`;
    const m = await model(
      installment + decision('inv', invocation(binding('Amount', 'Loan Amount') + binding('Rate', '4')), ['inst']) + input('Loan Amount'),
    );
    expect(output(m, 'inv', { 'Loan Amount': 2500 })).toBe(100);
  });

  it('see the knowledge models they require, and themselves (recursion)', async () => {
    const m = await model(
      bkm('fac', 'factorial', ['n'], 'if n <= 1 then 1 else n * factorial(n - 1)') +
        bkm('twice', 'twice factorial', ['n'], '2 * factorial(n)', ['fac']) +
        decision('d', text('twice factorial(5)'), ['twice']),
    );
    expect(output(m, 'd')).toBe(240);
  });

  it('with a decision table as body', async () => {
    const table =
      '<decisionTable><input id="i"><inputExpression><text>age</text></inputExpression></input><output id="o"/>' +
      '<rule><inputEntry><text>&lt; 18</text></inputEntry><outputEntry><text>"minor"</text></outputEntry></rule>' +
      '<rule><inputEntry><text>&gt;= 18</text></inputEntry><outputEntry><text>"adult"</text></outputEntry></rule></decisionTable>';
    const m = await model(bkm('cat', 'category', ['age'], table) + decision('d', text('[category(12), category(40)]'), ['cat']));
    expect(output(m, 'd')).toEqual(['minor', 'adult']);
  });

  it('a missing knowledge requirement is rejected at deployment', async () => {
    await expect(parseDmn(definitions(decision('d', text('f(1)'), ['nowhere'])))).rejects.toMatchObject({
      details: [{ field: 'd', message: "Required knowledge 'nowhere' not found" }],
    });
  });

  it('a Java function fails when invoked, not at deployment', async () => {
    const java = `<functionDefinition kind="Java"><formalParameter name="x"/><context>${entry('class', text('"java.lang.Math"'))}</context></functionDefinition>`;
    const m = await model(decision('d', `<context>${entry('javaMax', java)}${entry(undefined, text('javaMax(1)'))}</context>`));
    const result = evaluateDecisionValue(m, 'd', {});
    expect(result).toMatchObject({ failedDecisionId: 'd' });
  });
});

describe('DMN 1.4 boxed expressions (as in TCK 1150 to 1154)', () => {
  const child = (tag: string, feel: string): string => `<${tag}>${text(feel)}</${tag}>`;

  it('conditional: then when the condition is true, else when false; null for a non-boolean (1150 decision003)', async () => {
    const conditional = (condition: string): string =>
      `<conditional>${child('if', condition)}${child('then', '"then"')}${child('else', '"else"')}</conditional>`;
    const m = await model(
      decision('t', conditional('true')) + decision('f', conditional('false')) + decision('s', conditional('"abc"')),
      DMN15,
    );
    expect([output(m, 't'), output(m, 'f'), output(m, 's')]).toEqual(['then', 'else', null]);
  });

  it('filter: the items for which the match is true, seen as item', async () => {
    const m = await model(decision('d', `<filter>${child('in', '[1,2,3,4,5]')}${child('match', 'item >= 3')}</filter>`), DMN15);
    expect(output(m, 'd')).toEqual([3, 4, 5]);
    const mixed = await model(
      decision('d', `<filter>${child('in', '[1,2,3,4,5]')}${child('match', 'if (item <= 3) then true else "not a boolean"')}</filter>`),
      DMN15,
    );
    expect(output(mixed, 'd')).toBeNull(); // 1151 decision005
  });

  it('for, some and every iterate over the list with the iterator variable', async () => {
    const iterate = (tag: string, body: string, feel: string): string =>
      `<${tag} iteratorVariable="element">${child('in', '[1,2,3,4,5]')}${child(body, feel)}</${tag}>`;
    const m = await model(
      decision('for', iterate('for', 'return', 'element * 2')) +
        decision('some', iterate('some', 'satisfies', 'element >= 3')) +
        decision('every', iterate('every', 'satisfies', 'element > 2')),
      DMN15,
    );
    expect(output(m, 'for')).toEqual([2, 4, 6, 8, 10]);
    expect(output(m, 'some')).toBe(true);
    expect(output(m, 'every')).toBe(false);
    const mixed = await model(decision('d', iterate('some', 'satisfies', 'if (element = 2) then true else "not a boolean"')), DMN15);
    expect(output(mixed, 'd')).toBeNull(); // 1153 decision006
  });
});

describe("typeRef checks, as dmn-scala's TypeChecker does them", () => {
  const typed = (id: string, typeRef: string, feel: string): string =>
    `<decision id="${id}" name="${id}"><variable name="${id}" typeRef="${typeRef}"/>${text(feel)}</decision>`;

  it('a result of another built-in type fails the decision; null, item definitions and DMN 1.2 names pass', async () => {
    const m = await model(
      typed('bad', 'number', '"abc"') +
        typed('good', 'feel:string', '"abc"') +
        typed('nil', 'number', 'null') +
        typed('item', 'tCustom', '"abc"') +
        typed('dt', 'date and time', '1'),
    );
    expect(evaluateDecisionValue(m, 'bad', {})).toEqual({ failedDecisionId: 'bad', failureMessage: `expected 'number' but found '"abc"'` });
    expect([output(m, 'good'), output(m, 'nil'), output(m, 'item'), output(m, 'dt')]).toEqual(['abc', null, 'abc', 1]);
  });

  it("a knowledge model's arguments are checked against its parameters' typeRefs", async () => {
    const typedBkm =
      '<businessKnowledgeModel id="inc" name="inc"><variable name="inc"/><encapsulatedLogic>' +
      `<formalParameter name="n" typeRef="number"/>${text('n + 1')}</encapsulatedLogic></businessKnowledgeModel>`;
    const m = await model(typedBkm + decision('ok', text('inc(1)'), ['inc']) + decision('bad', text('inc("x")'), ['inc']));
    expect(output(m, 'ok')).toBe(2);
    expect(evaluateDecisionValue(m, 'bad', {})).toMatchObject({ failedDecisionId: 'bad' });
  });
});
