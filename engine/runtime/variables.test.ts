/**
 * Variable handling is linear in the number of variables: 50,000 in one command are set, found,
 * updated and shadowed correctly (in memory; nothing is flushed). Timing is measured in
 * bench/robustness.ts, not asserted here.
 */
import type { Knex } from 'knex';
import { EngineClock } from '../clock';
import type { ElementInstanceRecord } from '../state/records';
import { Store } from '../state/store';
import { setVariables } from './commands';
import { Runtime } from './runtime';
import { archiveScope, localVariables, visibleVariables } from './variables';

const N = 50_000;

function scope(key: string, flowScopeKey?: string): ElementInstanceRecord {
  return {
    key,
    processInstanceKey: '1',
    processDefinitionKey: '9',
    bpmnProcessId: 'p',
    tenantId: '<default>',
    elementId: key,
    type: flowScopeKey ? 'SUB_PROCESS' : 'PROCESS',
    flowScopeKey,
    state: 'ACTIVE',
    startDate: '2026-01-01T00:00:00Z',
    runtime: {},
  } as ElementInstanceRecord;
}

function runtime(): Runtime {
  const rt = new Runtime(new Store({} as Knex), new EngineClock(false));
  rt.store.put('element-instance', scope('1'));
  rt.store.put('element-instance', scope('2', '1'));
  return rt;
}

const many = (n: number, value: (i: number) => unknown) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, value(i)]));

describe('variables at scale', () => {
  it(`sets ${N} variables in one command, updates them, and propagates to the scope that has them`, () => {
    const rt = runtime();
    rt.store.transaction(() =>
      setVariables(
        rt,
        '1',
        many(N, (i) => i),
        false,
      ),
    );
    expect(Object.keys(localVariables(rt, '1'))).toHaveLength(N);

    // From the inner scope without `local`: every name exists in the root, so the root is updated.
    rt.store.transaction(() =>
      setVariables(
        rt,
        '2',
        many(N, (i) => `#${i}`),
        false,
      ),
    );
    expect(localVariables(rt, '2')).toEqual({});
    const root = localVariables(rt, '1');
    expect(Object.keys(root)).toHaveLength(N);
    expect(root.v0).toBe('#0');
    expect(root[`v${N - 1}`]).toBe(`#${N - 1}`);
    expect([...rt.store.values('variable')]).toHaveLength(N);

    // Local to the inner scope: shadows the root's values.
    rt.store.transaction(() =>
      setVariables(
        rt,
        '2',
        many(N, (i) => ({ i })),
        true,
      ),
    );
    const visible = visibleVariables(rt, '2');
    expect(Object.keys(visible)).toHaveLength(N);
    expect(visible[`v${N - 1}`]).toEqual({ i: N - 1 });
    expect(visibleVariables(rt, '2', ['v7', 'missing'])).toEqual({ v7: { i: 7 } });
    expect(visibleVariables(rt, '1', ['v7'])).toEqual({ v7: '#7' });

    archiveScope(rt, '2');
    expect(localVariables(rt, '2')).toEqual({});
    expect(visibleVariables(rt, '2', ['v7'])).toEqual({ v7: '#7' });
  });

  it('a failed command leaves the index as it was', () => {
    const rt = runtime();
    rt.store.transaction(() => setVariables(rt, '1', { a: 1 }, false));
    expect(() =>
      rt.store.transaction(() => {
        setVariables(rt, '1', { a: 2, b: 3 }, false);
        throw new Error('rejected');
      }),
    ).toThrow('rejected');
    expect(localVariables(rt, '1')).toEqual({ a: 1 });
    rt.store.transaction(() => setVariables(rt, '1', { b: 4 }, true));
    expect(localVariables(rt, '1')).toEqual({ a: 1, b: 4 });
  });
});
