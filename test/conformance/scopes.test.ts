import { chain, end, ext, flow, io, multiInstance, process, serviceTask, start } from '../bpmn';
import { activate, startHarness, type Harness } from '../harness';

describe('sub-processes, call activities, multi-instance (through @camunda8/sdk)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('embedded sub-process with local variables', async () => {
    await h.deploy(
      'sub.bpmn',
      process('sub', [
        start('s'),
        `<bpmn:subProcess id="p">${ext(io({ local: '=1' }, { fromSub: '=local + x' }))}<bpmn:startEvent id="ps" />` +
          `<bpmn:scriptTask id="px">${ext('<zeebe:script expression="=local * 10" resultVariable="x" />')}</bpmn:scriptTask><bpmn:endEvent id="pe" />${flow('ps', 'px')}${flow('px', 'pe')}</bpmn:subProcess>`,
        end('e'),
        ...chain('s', 'p', 'e'),
      ]),
    );
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'sub', variables: {} });
    expect(res.variables).toEqual({ fromSub: 11, x: 10 });
  });

  it('call activity runs the latest child version and brings its variables back', async () => {
    await h.deploy('child.bpmn', process('child', [start('s'), serviceTask('t', 'child-work'), end('e'), ...chain('s', 't', 'e')]));
    await h.deploy(
      'parent.bpmn',
      process('parent', [
        start('s'),
        `<bpmn:callActivity id="call">${ext('<zeebe:calledElement processId="child" propagateAllChildVariables="true" />')}</bpmn:callActivity>`,
        end('e'),
        ...chain('s', 'call', 'e'),
      ]),
    );
    const worker = h.zbc.createWorker({
      taskType: 'child-work',
      taskHandler: (job) => job.complete({ score: (job.variables.base as number) + 1 }),
    });
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'parent', variables: { base: 600 } });
    await worker.close();
    expect(res.variables).toEqual({ base: 600, score: 601 });
  });

  it('call activity to an unknown process raises CALLED_ELEMENT_ERROR', async () => {
    await h.deploy(
      'badcall.bpmn',
      process('badcall', [
        start('s'),
        `<bpmn:callActivity id="call">${ext('<zeebe:calledElement processId="=target" />')}</bpmn:callActivity>`,
        end('e'),
        ...chain('s', 'call', 'e'),
      ]),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'badcall', variables: { target: 'nope' } });
    await new Promise((r) => setTimeout(r, 100));
    const incident = [...h.engine.engine.store.values('incident')].find((i) => i.processInstanceKey === pi.processInstanceKey);
    expect(incident?.errorType).toBe('CALLED_ELEMENT_ERROR');
  });

  it('parallel multi-instance with output collection', async () => {
    await h.deploy(
      'mi.bpmn',
      process('mi', [
        start('s'),
        serviceTask('ask', 'bureau', {
          multi: multiInstance({
            inputCollection: '=bureaus',
            inputElement: 'bureau',
            outputCollection: 'answers',
            outputElement: '=answer',
          }),
        }),
        end('e'),
        ...chain('s', 'ask', 'e'),
      ]),
    );
    const worker = h.zbc.createWorker({ taskType: 'bureau', taskHandler: (job) => job.complete({ answer: `${job.variables.bureau}:ok` }) });
    const res = await h.zbc.createProcessInstanceWithResult({
      bpmnProcessId: 'mi',
      variables: { bureaus: ['schufa', 'infoscore', 'creditreform'] },
    });
    await worker.close();
    expect(res.variables.answers).toEqual(['schufa:ok', 'infoscore:ok', 'creditreform:ok']);
  });

  it('sequential multi-instance stops at the completion condition', async () => {
    await h.deploy(
      'seq.bpmn',
      process('seq', [
        start('s'),
        serviceTask('ask', 'seq-bureau', {
          multi: multiInstance({
            sequential: true,
            inputCollection: '=bureaus',
            inputElement: 'bureau',
            outputCollection: 'answers',
            outputElement: '=known',
            completionCondition: '=known',
          }),
        }),
        end('e'),
        ...chain('s', 'ask', 'e'),
      ]),
    );
    await h.zbc.createProcessInstance({ bpmnProcessId: 'seq', variables: { bureaus: ['a', 'b', 'c'] } });
    let [job] = await activate(h.zbc, 'seq-bureau');
    expect(job.variables.bureau).toBe('a');
    await h.zbc.completeJob({ jobKey: job.key, variables: { known: false } });
    [job] = await activate(h.zbc, 'seq-bureau');
    expect(job.variables.bureau).toBe('b');
    await h.zbc.completeJob({ jobKey: job.key, variables: { known: true } });
    expect(
      await h.zbc.activateJobs({ type: 'seq-bureau', worker: 't', timeout: 1000, maxJobsToActivate: 1, requestTimeout: 300 }),
    ).toHaveLength(0);
  });
});
