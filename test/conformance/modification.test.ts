/**
 * Process instance modification (ModifyProcessInstance), with the outcomes of Camunda's docs
 * ("Process instance modification") and Zeebe's rejection texts.
 */
import { status } from '@grpc/grpc-js';
import { createEngineQueries } from '../../engine/query';
import { chain, end, flow, process, serviceTask, start } from '../bpmn';
import { activate, startHarness, waitFor, type Harness } from '../harness';

describe('process instance modification (through @camunda8/sdk)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.deploy(
      'mod-line.bpmn',
      process('mod-line', [
        start('s'),
        serviceTask('A', 'mod-a'),
        serviceTask('B', 'mod-b'),
        serviceTask('C', 'mod-c'),
        end('e'),
        ...chain('s', 'A', 'B', 'C', 'e'),
      ]),
    );
    await h.deploy(
      'mod-sub.bpmn',
      process('mod-sub', [
        start('s'),
        serviceTask('first', 'mod-first'),
        `<bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${serviceTask('inner', 'mod-inner')}` +
          `<bpmn:endEvent id="subEnd" />${flow('subStart', 'inner')}${flow('inner', 'subEnd')}</bpmn:subProcess>`,
        end('e'),
        ...chain('s', 'first', 'sub', 'e'),
      ]),
    );
  });
  afterAll(() => h.close());

  const liveElements = (pik: string) =>
    [...h.engine.engine.store.values('element-instance')].filter((ei) => ei.processInstanceKey === pik && ei.type !== 'PROCESS');
  const elementKey = (pik: string, elementId: string) => waitFor(() => liveElements(pik).find((ei) => ei.elementId === elementId)?.key);
  const jobsOf = (pik: string) => [...h.engine.engine.store.values('job')].filter((j) => j.processInstanceKey === pik);
  const stateOf = async (pik: string) => (await createEngineQueries(h.db).processInstances.get(pik)).state;

  it('moves a token: terminates A, activates C (its job is created, A`s job is gone), and the instance goes on from C', async () => {
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mod-line', variables: {} });
    const pik = pi.processInstanceKey;
    const aKey = await elementKey(pik, 'A');
    await waitFor(() => jobsOf(pik).some((j) => j.type === 'mod-a'));

    await h.zbc.modifyProcessInstance({
      processInstanceKey: pik,
      activateInstructions: [{ elementId: 'C', ancestorElementInstanceKey: '-1', variableInstructions: [] }],
      terminateInstructions: [{ elementInstanceKey: aKey }],
    });

    expect(liveElements(pik).map((ei) => ei.elementId)).toEqual(['C']);
    expect(jobsOf(pik).map((j) => j.type)).toEqual(['mod-c']);
    const jobs = await activate(h.zbc, 'mod-c');
    const job = jobs.find((j) => j.processInstanceKey === pik)!;
    expect(job.elementId).toBe('C');
    await h.zbc.completeJob({ jobKey: job.key, variables: {} });
    await waitFor(async () => (await stateOf(pik)) === 'COMPLETED');
  });

  it('activates an element inside a sub-process: the sub-process instance is created, without its start event', async () => {
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mod-sub', variables: {} });
    const pik = pi.processInstanceKey;
    const firstKey = await elementKey(pik, 'first');

    await h.zbc.modifyProcessInstance({
      processInstanceKey: pik,
      activateInstructions: [
        {
          elementId: 'inner',
          ancestorElementInstanceKey: '-1',
          variableInstructions: [
            { scopeId: 'sub', variables: { inSub: 1 } },
            { scopeId: 'inner', variables: { onTask: 2 } },
            { scopeId: '', variables: { global: 3 } },
          ],
        },
      ],
      terminateInstructions: [{ elementInstanceKey: firstKey }],
    });

    const live = liveElements(pik);
    expect(live.map((ei) => [ei.elementId, ei.type]).sort()).toEqual([
      ['inner', 'SERVICE_TASK'],
      ['sub', 'SUB_PROCESS'],
    ]);
    const sub = live.find((ei) => ei.elementId === 'sub')!;
    expect(live.find((ei) => ei.elementId === 'inner')!.flowScopeKey).toBe(sub.key);

    // Variables: local to the sub-process, local to the task, and global; the job sees them all.
    const scopeOf = (name: string) =>
      [...h.engine.engine.store.values('variable')].find((v) => v.processInstanceKey === pik && v.name === name)?.scopeKey;
    const innerKey = live.find((ei) => ei.elementId === 'inner')!.key;
    expect([scopeOf('inSub'), scopeOf('onTask'), scopeOf('global')]).toEqual([sub.key, innerKey, pik]);
    const job = (await activate(h.zbc, 'mod-inner')).find((j) => j.processInstanceKey === pik)!;
    expect(job.variables).toEqual({ inSub: 1, onTask: 2, global: 3 });
    await h.zbc.completeJob({ jobKey: job.key, variables: {} });
    await waitFor(async () => (await stateOf(pik)) === 'COMPLETED');
  });

  it('terminating the last active element terminates the process instance', async () => {
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mod-line', variables: {} });
    const aKey = await elementKey(pi.processInstanceKey, 'A');
    await h.zbc.modifyProcessInstance({ processInstanceKey: pi.processInstanceKey, terminateInstructions: [{ elementInstanceKey: aKey }] });
    expect(h.engine.engine.store.get('process-instance', pi.processInstanceKey)).toBeUndefined();
    await waitFor(async () => (await stateOf(pi.processInstanceKey)) === 'TERMINATED');
  });

  it('rejects an unknown element with INVALID_ARGUMENT, naming it, and changes nothing', async () => {
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mod-line', variables: {} });
    const pik = pi.processInstanceKey;
    const aKey = await elementKey(pik, 'A');
    await expect(
      h.zbc.modifyProcessInstance({
        processInstanceKey: pik,
        activateInstructions: [
          { elementId: 'B', ancestorElementInstanceKey: '-1', variableInstructions: [{ scopeId: '', variables: { x: 1 } }] },
          { elementId: 'nope', ancestorElementInstanceKey: '-1', variableInstructions: [] },
        ],
        terminateInstructions: [{ elementInstanceKey: aKey }],
      }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details:
        "Command 'MODIFY' rejected with code 'INVALID_ARGUMENT': Expected to modify instance of process 'mod-line' but it contains one or more activate instructions with an element that could not be found: 'nope'",
    });
    expect(liveElements(pik).map((ei) => ei.key)).toEqual([aKey]);
    expect(jobsOf(pik).map((j) => j.type)).toEqual(['mod-a']);
    expect([...h.engine.engine.store.values('variable')].filter((v) => v.processInstanceKey === pik)).toEqual([]);
  });

  it('rejects activating a start event, and a failure found while applying undoes the instructions before it', async () => {
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mod-line', variables: {} });
    const pik = pi.processInstanceKey;
    await elementKey(pik, 'A');
    await expect(
      h.zbc.modifyProcessInstance({
        processInstanceKey: pik,
        activateInstructions: [{ elementId: 's', ancestorElementInstanceKey: '-1', variableInstructions: [] }],
      }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining(
        "activate instructions for elements that are unsupported: 's'. The activation of elements with type 'START_EVENT' is not supported.",
      ),
    });
    // Two instances of the sub-process: the second instruction cannot choose, so the first is undone too.
    const sub = await h.zbc.createProcessInstance({ bpmnProcessId: 'mod-sub', variables: {} });
    await elementKey(sub.processInstanceKey, 'first');
    const twice = { elementId: 'sub', ancestorElementInstanceKey: '-1', variableInstructions: [] };
    await h.zbc.modifyProcessInstance({ processInstanceKey: sub.processInstanceKey, activateInstructions: [twice, twice] });
    await waitFor(() => liveElements(sub.processInstanceKey).filter((ei) => ei.elementId === 'inner').length === 2);
    const before = liveElements(sub.processInstanceKey).length;
    await expect(
      h.zbc.modifyProcessInstance({
        processInstanceKey: sub.processInstanceKey,
        activateInstructions: [
          { elementId: 'e', ancestorElementInstanceKey: '-1', variableInstructions: [] },
          { elementId: 'inner', ancestorElementInstanceKey: '-1', variableInstructions: [] },
        ],
      }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining("a flow scope with more than one active instance: 'sub'"),
    });
    expect(liveElements(sub.processInstanceKey)).toHaveLength(before);
  });

  it('rejects an unknown process instance with NOT_FOUND', async () => {
    await expect(
      h.zbc.modifyProcessInstance({
        processInstanceKey: '2251799813999999',
        activateInstructions: [{ elementId: 'A', ancestorElementInstanceKey: '-1', variableInstructions: [] }],
      }),
    ).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details:
        "Command 'MODIFY' rejected with code 'NOT_FOUND': Expected to modify process instance but no process instance found with key '2251799813999999'",
    });
  });
});
