/**
 * The element instance lifecycle, without a server or a database (test/engine/fake-engine-db.ts)
 * and on a pinned clock: the states Zeebe documents (ACTIVATING → ACTIVE → COMPLETING → COMPLETED,
 * TERMINATING → TERMINATED), a timer that fires only when the clock reaches it, an interrupting
 * boundary event terminating its host and the host's job, and a rejected command leaving nothing.
 */
import { chain, end, process as bpmn, serviceTask, start, timer } from '../../test/bpmn';
import { fakeEngineDb } from '../../test/engine/fake-engine-db';
import { waitFor } from '../../test/wait';
import { Engine } from '../engine';
import type { ElementInstanceRecord } from '../state/records';
import { Store } from '../state/store';

const T0 = Date.parse('2026-12-01T08:00:00Z');
const HOUR = 3_600_000;

async function engineWith(...processes: string[]) {
  const db = fakeEngineDb();
  const store = new Store(db.knex);
  const engine = new Engine(store, { clockControlled: true, longPollTimeoutMs: 10 });
  await engine.start();
  await engine.pinClock(T0);
  await engine.deployResources(processes.map((xml, i) => ({ name: `p${i}.bpmn`, content: Buffer.from(xml) })));
  /**
   * Every state each element went through, in order. An ended instance leaves memory (the store
   * archives it with its final state, as history in the database): that state is read from there.
   */
  const seen = new Map<string, string[]>();
  store.onChange('element-instance', (_prev, next) => {
    if (!next) return;
    const list = seen.get(next.elementId) ?? [];
    if (list.at(-1) !== next.state) list.push(next.state);
    seen.set(next.elementId, list);
  });
  const states = {
    get: (elementId: string): string[] | undefined => {
      const list = seen.get(elementId);
      const archived = [...db.rows.values()].find(
        (r) => !r.active && r.kind === 'element-instance' && (r.data as ElementInstanceRecord).elementId === elementId,
      );
      return list && archived ? [...list, (archived.data as ElementInstanceRecord).state] : list;
    },
  };
  const activate = (type: string) =>
    engine.activateJobs({ type, worker: 'unit', timeoutMs: 60_000, maxJobsToActivate: 10, requestTimeoutMs: -1 });
  return { engine, store, states, activate };
}

afterEach(() => jest.useRealTimers());

it('a service task goes through ACTIVATING, ACTIVE, COMPLETING, COMPLETED, and so does its process', async () => {
  const { engine, store, states, activate } = await engineWith(
    bpmn('one', [start('s'), serviceTask('t', 'work'), end('e'), ...chain('s', 't', 'e')]),
  );
  const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'one', variables: { n: 1 } });
  expect(states.get('t')).toEqual(['ACTIVATING', 'ACTIVE']);
  const [job] = await activate('work');
  expect(job).toMatchObject({ type: 'work', elementId: 't', variables: { n: 1 } });
  await engine.completeJob(job.key, { n: 2 });
  expect(states.get('t')).toEqual(['ACTIVATING', 'ACTIVE', 'COMPLETING', 'COMPLETED']);
  expect(states.get('e')).toEqual(['ACTIVATING', 'ACTIVE', 'COMPLETING', 'COMPLETED']);
  expect(states.get('one')).toEqual(['ACTIVATING', 'ACTIVE', 'COMPLETING', 'COMPLETED']);
  // Ended instances leave memory (archived to the database as history).
  expect([...store.values('element-instance')].filter((e) => e.processInstanceKey === processInstanceKey)).toEqual([]);
});

it('a timer fires when the clock reaches its due date, not before', async () => {
  const { engine, states, activate } = await engineWith(
    bpmn('wait', [
      start('s'),
      `<bpmn:intermediateCatchEvent id="w">${timer('timeDuration', 'PT1H')}</bpmn:intermediateCatchEvent>`,
      serviceTask('after', 'after'),
      end('e'),
      ...chain('s', 'w', 'after', 'e'),
    ]),
  );
  await engine.createProcessInstance({ bpmnProcessId: 'wait', variables: {} });
  expect(states.get('w')).toEqual(['ACTIVATING', 'ACTIVE']);
  await engine.pinClock(T0 + HOUR - 1000);
  await new Promise((r) => setTimeout(r, 20));
  expect(await activate('after')).toEqual([]);
  await engine.pinClock(T0 + HOUR);
  await waitFor(() => states.get('w')?.at(-1) === 'COMPLETED', 'the catch event to complete');
  expect(await activate('after')).toHaveLength(1);
});

it('an interrupting boundary timer terminates its host (TERMINATING → TERMINATED) and cancels the job', async () => {
  const { engine, store, states, activate } = await engineWith(
    bpmn('guarded', [
      start('s'),
      serviceTask('t', 'slow'),
      `<bpmn:boundaryEvent id="late" attachedToRef="t" cancelActivity="true">${timer('timeDuration', 'PT2H')}</bpmn:boundaryEvent>`,
      end('e'),
      end('timedOut'),
      ...chain('s', 't', 'e'),
      ...chain('late', 'timedOut'),
    ]),
  );
  await engine.createProcessInstance({ bpmnProcessId: 'guarded', variables: {} });
  const [job] = await activate('slow');
  await engine.pinClock(T0 + 2 * HOUR);
  await waitFor(() => states.get('timedOut')?.at(-1) === 'COMPLETED', 'the boundary event to complete');
  expect(states.get('t')).toEqual(['ACTIVATING', 'ACTIVE', 'TERMINATING', 'TERMINATED']);
  expect(store.get('job', job.key)).toBeUndefined();
  await expect(engine.completeJob(job.key, {})).rejects.toThrow(/NOT_FOUND|not found|no job/i);
});

it('a rejected command changes nothing: no element instance, no key used', async () => {
  const { engine, store } = await engineWith(bpmn('one', [start('s'), end('e'), ...chain('s', 'e')]));
  const before = [...store.values('element-instance')].length;
  await expect(engine.createProcessInstance({ bpmnProcessId: 'missing', variables: {} })).rejects.toThrow();
  expect([...store.values('element-instance')]).toHaveLength(before);
  const next = BigInt(store.nextKey());
  const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'one', variables: {} });
  expect(BigInt(processInstanceKey)).toBe(next + 1n);
});
