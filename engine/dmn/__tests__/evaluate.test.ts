import { EvaluationError } from '../../errors';
import { setFeelClock, setFeelTimeZone } from '../../feel';
import { evaluateDecision, evaluateDecisionOrThrow, parseDmn, type DmnModel } from '..';
import { definitions, literal, table, type TableSpec } from './dmn-xml';

async function model(...decisions: string[]): Promise<DmnModel> {
  return (await parseDmn(definitions(decisions.join('\n')))).model;
}

async function single(spec: Omit<TableSpec, 'id'>): Promise<DmnModel> {
  return model(table({ id: 't', ...spec }));
}

const output = (m: DmnModel, vars: Record<string, unknown>, id = 't'): unknown => {
  const result = evaluateDecision(m, id, vars);
  expect(result.failureMessage).toBeUndefined();
  return JSON.parse(result.decisionOutput);
};

const tariffRules: [string[], string[]][] = [
  [['< 2500'], ['"basic"']],
  [['[2500..10000)'], ['"comfort"']],
  [['>= 10000'], ['"business"']],
];

beforeEach(() => {
  setFeelClock(() => Date.parse('2026-03-15T12:00:00Z'));
  setFeelTimeZone('UTC');
});

describe('decision tables', () => {
  it('UNIQUE: the single matching rule, null without a match', async () => {
    const m = await single({ inputs: ['kwh'], outputs: [{ name: 'tariff' }], rules: tariffRules });
    expect(output(m, { kwh: 3000 })).toBe('comfort');
    expect(output(m, { kwh: null })).toBeNull();
    expect(output(m, {})).toBeNull();
  });

  it('UNIQUE: several matches are a failure, reported with the audit so far', async () => {
    const m = await single({
      inputs: ['kwh'],
      outputs: [{ name: 'tariff', label: 'Tariff' }],
      rules: [
        [['> 0'], ['"a"']],
        [['> 10'], ['"b"']],
      ],
    });
    const result = evaluateDecision(m, 't', { kwh: 20 });
    expect(result.failedDecisionId).toBe('t');
    expect(result.failureMessage).toBe(`multiple values aren't allowed for UNIQUE hit policy. found: '[{"tariff":"a"},{"tariff":"b"}]'`);
    expect(result.decisionOutput).toBe('null');
    expect(result.evaluatedDecisions).toEqual([
      {
        decisionId: 't',
        decisionName: 't',
        decisionType: 'DECISION_TABLE',
        decisionOutput: 'null',
        evaluatedInputs: [{ inputId: 't_in0', inputName: 'Input 1', inputValue: '20' }],
        matchedRules: [
          { ruleId: 't_r1', ruleIndex: 1, evaluatedOutputs: [{ outputId: 't_out0', outputName: 'Tariff', outputValue: '"a"' }] },
          { ruleId: 't_r2', ruleIndex: 2, evaluatedOutputs: [{ outputId: 't_out0', outputName: 'Tariff', outputValue: '"b"' }] },
        ],
      },
    ]);
    expect(() => evaluateDecisionOrThrow(m, 't', { kwh: 20 })).toThrow(EvaluationError);
    expect(() => evaluateDecisionOrThrow(m, 't', { kwh: 20 })).toThrow(/^Expected to evaluate decision 't', but multiple values/);
  });

  it('FIRST: the first matching rule only', async () => {
    const m = await single({
      hitPolicy: 'FIRST',
      inputs: ['kwh'],
      outputs: [{ name: 'o' }],
      rules: [
        [['> 0'], ['"a"']],
        [['> 10'], ['"b"']],
      ],
    });
    const result = evaluateDecision(m, 't', { kwh: 20 });
    expect(result.decisionOutput).toBe('"a"');
    expect(result.evaluatedDecisions[0].matchedRules.map((r) => r.ruleIndex)).toEqual([1]);
  });

  it('PRIORITY: the match whose output comes first in the output values', async () => {
    const m = await single({
      hitPolicy: 'PRIORITY',
      inputs: ['score'],
      outputs: [{ name: 'risk', values: '"high","medium","low"' }],
      rules: [
        [['> 0'], ['"low"']],
        [['> 50'], ['"high"']],
        [['> 20'], ['"medium"']],
      ],
    });
    expect(output(m, { score: 60 })).toBe('high');
    expect(output(m, { score: 30 })).toBe('medium');
    expect(output(m, { score: 10 })).toBe('low');
  });

  it('ANY: equal outputs are fine, different ones a failure', async () => {
    const m = await single({
      hitPolicy: 'ANY',
      inputs: ['x'],
      outputs: [{ name: 'o' }],
      rules: [
        [['> 0'], ['"ok"']],
        [['> 5'], ['"ok"']],
        [['> 10'], ['"other"']],
      ],
    });
    expect(output(m, { x: 7 })).toBe('ok');
    const result = evaluateDecision(m, 't', { x: 11 });
    expect(result.failureMessage).toBe(`different values aren't allowed for ANY hit policy. found: '[{"o":"ok"},{"o":"other"}]'`);
  });

  it('COLLECT: all matching outputs, or their aggregate', async () => {
    const spec = {
      hitPolicy: 'COLLECT',
      inputs: ['age'],
      outputs: [{ name: 'days' }],
      rules: [
        [['-'], ['22']],
        [['>= 50'], ['3']],
        [['>= 60'], ['5']],
      ] as [string[], string[]][],
    };
    expect(output(await single(spec), { age: 65 })).toEqual([22, 3, 5]);
    expect(output(await single({ ...spec, aggregation: 'SUM' }), { age: 65 })).toBe(30);
    expect(output(await single({ ...spec, aggregation: 'MIN' }), { age: 65 })).toBe(3);
    expect(output(await single({ ...spec, aggregation: 'MAX' }), { age: 65 })).toBe(22);
    expect(output(await single({ ...spec, aggregation: 'COUNT' }), { age: 55 })).toBe(2);
  });

  it('COLLECT: no match gives null, as in dmn-scala', async () => {
    const m = await single({
      hitPolicy: 'COLLECT',
      aggregation: 'SUM',
      inputs: ['x'],
      outputs: [{ name: 'o' }],
      rules: [[['> 10'], ['1']]],
    });
    expect(output(m, { x: 1 })).toBeNull();
  });

  it('COLLECT SUM over non-numbers is a failure', async () => {
    const m = await single({
      hitPolicy: 'COLLECT',
      aggregation: 'SUM',
      inputs: ['x'],
      outputs: [{ name: 'o' }],
      rules: [[['-'], ['"a"']]],
    });
    expect(evaluateDecision(m, 't', { x: 1 }).failureMessage).toBe(`expected number but found '"a"'`);
  });

  it('RULE ORDER: outputs in rule order; several outputs make contexts', async () => {
    const m = await single({
      hitPolicy: 'RULE ORDER',
      inputs: ['gpa'],
      outputs: [{ name: 'offer' }, { name: 'amount' }],
      rules: [
        [['>= 3.5'], ['"scholarship"', '1000']],
        [['-'], ['"loan"', '500']],
        [['< 2'], ['"none"', '0']],
      ],
    });
    expect(output(m, { gpa: 3.6 })).toEqual([
      { offer: 'scholarship', amount: 1000 },
      { offer: 'loan', amount: 500 },
    ]);
  });

  it('OUTPUT ORDER: outputs sorted by the output values', async () => {
    const m = await single({
      hitPolicy: 'OUTPUT ORDER',
      inputs: ['x'],
      outputs: [{ name: 'level', values: '"gold","silver","bronze"' }],
      rules: [
        [['-'], ['"bronze"']],
        [['> 5'], ['"gold"']],
        [['> 2'], ['"silver"']],
      ],
    });
    expect(output(m, { x: 10 })).toEqual(['gold', 'silver', 'bronze']);
  });

  it('several outputs make a context; default outputs apply without a match', async () => {
    const m = await single({
      inputs: ['customer', 'orderSize'],
      outputs: [
        { name: 'discount', defaultEntry: '0.05' },
        { name: 'shipping', defaultEntry: '"Ground"' },
      ],
      rules: [
        [
          ['"Business"', '< 10'],
          ['0.1', '"Air"'],
        ],
      ],
    });
    expect(output(m, { customer: 'Business', orderSize: 7 })).toEqual({ discount: 0.1, shipping: 'Air' });
    expect(output(m, { customer: 'Private', orderSize: 7 })).toEqual({ discount: 0.05, shipping: 'Ground' });
  });

  it('evaluates FEEL in inputs, input entries and output entries', async () => {
    const m = await single({
      inputs: ['date(contractStart)', 'upper case(region)'],
      outputs: [{ name: 'due' }],
      rules: [
        [['< date("2026-01-01")', '"NORD", "OST"'], ['date(contractStart) + duration("P1M")']],
        [['>= date("2026-01-01")', '-'], ['today()']],
      ],
    });
    expect(output(m, { contractStart: '2025-01-31', region: 'nord' })).toBe('2025-02-28');
    expect(output(m, { contractStart: '2026-05-01', region: 'süd' })).toBe('2026-03-15');
    const result = evaluateDecision(m, 't', { contractStart: '2025-01-31', region: 'ost' });
    expect(result.evaluatedDecisions[0].evaluatedInputs.map((i) => i.inputValue)).toEqual(['"2025-01-31"', '"OST"']);
  });

  it('fails when an input entry is not a test', async () => {
    const m = await single({ inputs: ['x'], outputs: [{ name: 'o' }], rules: [[['assert(?, ? > 100)'], ['1']]] });
    expect(evaluateDecision(m, 't', { x: 1 }).failureMessage).toMatch(
      /^Assertion failure on evaluate the expression 'assert\(\?, \? > 100\)'/,
    );
  });
});

describe('literal expressions and required decisions', () => {
  it('evaluates a literal expression', async () => {
    const m = await model(literal('greeting', '"Hallo " + name', 'greetingText'));
    const result = evaluateDecision(m, 'greeting', { name: 'Erika' });
    expect(result).toEqual({
      decisionOutput: '"Hallo Erika"',
      evaluatedDecisions: [
        {
          decisionId: 'greeting',
          decisionName: 'greeting',
          decisionType: 'LITERAL_EXPRESSION',
          decisionOutput: '"Hallo Erika"',
          evaluatedInputs: [],
          matchedRules: [],
        },
      ],
    });
  });

  it('evaluates required decisions first and passes their results by id or variable name', async () => {
    const m = await model(
      table({ id: 'tariff', inputs: ['kwh'], outputs: [{ name: 'tariff' }], rules: tariffRules }),
      literal('basePrice', 'if tariff = "business" then 0.25 else 0.32', 'price', ['tariff']),
      literal('monthly', 'decimal(price * kwh / 12, 2)', undefined, ['basePrice']),
    );
    const result = evaluateDecision(m, 'monthly', { kwh: 12000 });
    expect(result.decisionOutput).toBe('250');
    expect(result.evaluatedDecisions.map((d) => [d.decisionId, d.decisionOutput])).toEqual([
      ['tariff', '"business"'],
      ['basePrice', '0.25'],
      ['monthly', '250'],
    ]);
  });

  it('evaluates a shared requirement once', async () => {
    const m = await model(
      literal('a', '1'),
      literal('b', 'a + 1', undefined, ['a']),
      literal('c', 'a + 2', undefined, ['a']),
      literal('d', 'b + c', undefined, ['b', 'c']),
    );
    const result = evaluateDecision(m, 'd', {});
    expect(result.decisionOutput).toBe('5');
    expect(result.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('stops at a failing required decision and names it', async () => {
    const m = await model(
      table({
        id: 'tariff',
        inputs: ['kwh'],
        outputs: [{ name: 'o' }],
        rules: [
          [['> 0'], ['"a"']],
          [['> 1'], ['"b"']],
        ],
      }),
      literal('price', 'tariff', undefined, ['tariff']),
    );
    const result = evaluateDecision(m, 'price', { kwh: 5 });
    expect(result.failedDecisionId).toBe('tariff');
    expect(result.failureMessage).toMatch(/UNIQUE hit policy/);
    expect(result.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['tariff']);
  });

  it('reports a failing literal expression', async () => {
    const m = await model(literal('check', 'assert(amount, amount > 0, "amount must be positive")'));
    const result = evaluateDecision(m, 'check', { amount: -1 });
    expect(result.failedDecisionId).toBe('check');
    expect(result.failureMessage).toMatch(/amount must be positive/);
    expect(result.evaluatedDecisions[0].decisionOutput).toBe('null');
  });

  it('reports an unknown decision', async () => {
    const m = await model(literal('a', '1'));
    expect(evaluateDecision(m, 'b', {})).toEqual({
      decisionOutput: 'null',
      evaluatedDecisions: [],
      failedDecisionId: 'b',
      failureMessage: "no decision found with id 'b'",
    });
  });
});
