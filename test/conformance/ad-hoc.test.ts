/**
 * Ad-hoc sub-processes, with the outcomes Camunda 8.8 documents
 * (https://docs.camunda.io/docs/components/modeler/bpmn/ad-hoc-subprocesses/):
 * - `activeElementsCollection` activates the listed inner elements on entering; an empty list (or
 *   none) activates nothing and the ad-hoc sub-process stays active;
 * - a list with other values than (activatable) inner element ids creates an incident;
 * - without `completionCondition` it completes once all activated elements are completed;
 * - with one, it is evaluated when an inner element completes: `true` completes it, terminating the
 *   remaining instances (`cancelRemainingInstances`, default) or waiting for them (`false`);
 * - `outputCollection`/`outputElement` collect each inner flow's output and leave with it;
 * - with `zeebe:taskDefinition` a job worker controls it by `adHocSubProcess` job results
 *   (https://docs.camunda.io/docs/apis-tools/orchestration-cluster-api-rest/specifications/complete-job/),
 *   with the `adHocSubProcessElements` variable; a new job follows each completed inner flow;
 * - `POST /v2/element-instances/ad-hoc-activities/{key}/activation` activates elements
 *   (https://docs.camunda.io/docs/apis-tools/orchestration-cluster-api-rest/specifications/activate-ad-hoc-sub-process-activities/);
 * - deployment rules of Zeebe's AdHocSubProcessValidator.
 * gRPC through the SDK's Zeebe client, REST through its Orchestration Cluster API client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineQueries } from '../../engine/query';
import { statusOf, type RestClient as SdkClient } from '../sdk-client';
import { chain, end, ext, flow, process, serviceTask, start } from '../bpmn';
import { activate, startHarness, waitFor, type Harness } from '../harness';

interface AdHocOptions {
  collection?: string;
  condition?: string;
  cancelRemaining?: boolean;
  outputCollection?: string;
  outputElement?: string;
  jobType?: string;
}

const adHoc = (id: string, inner: string[], o: AdHocOptions = {}) => {
  const attrs = [
    o.collection !== undefined ? ` activeElementsCollection="${o.collection.replace(/"/g, '&quot;')}"` : '',
    o.outputCollection ? ` outputCollection="${o.outputCollection}"` : '',
    o.outputElement ? ` outputElement="${o.outputElement}"` : '',
  ].join('');
  const task = o.jobType ? `<zeebe:taskDefinition type="${o.jobType}" />` : '';
  const cancel = o.cancelRemaining === undefined ? '' : ` cancelRemainingInstances="${o.cancelRemaining}"`;
  const condition = o.condition
    ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${o.condition}</bpmn:completionCondition>`
    : '';
  return `<bpmn:adHocSubProcess id="${id}"${cancel}>${ext(`<zeebe:adHoc${attrs} />${task}`)}${inner.join('')}${condition}</bpmn:adHocSubProcess>`;
};
/** start → ad-hoc sub-process `ah` → end. */
const around = (id: string, ah: string) => process(id, [start('s'), ah, end('e'), ...chain('s', 'ah', 'e')]);

describe('ad-hoc sub-processes (through @camunda8/sdk)', () => {
  let h: Harness;
  let rest: SdkClient;
  beforeAll(async () => {
    h = await startHarness({ rest: true });
    rest = h.rest;
  });
  afterAll(() => h.close());

  const store = () => h.engine.engine.store;
  const live = (pik: string) => [...store().values('element-instance')].filter((ei) => ei.processInstanceKey === pik);
  const adHocOf = (pik: string) => waitFor(() => live(pik).find((ei) => ei.type === 'AD_HOC_SUB_PROCESS'), 'the ad-hoc sub-process');
  const openJobs = (pik: string) => [...store().values('job')].filter((j) => j.processInstanceKey === pik).map((j) => j.type);
  const stateOf = async (pik: string) => (await createEngineQueries(h.db).processInstances.get(pik)).state;
  const settle = () => new Promise((r) => setTimeout(r, 100));
  /** Activates the job of `type` of the instance and completes it with `variables`. */
  const work = async (pik: string, type: string, variables: Record<string, string | boolean | number> = {}) => {
    await waitFor(() => openJobs(pik).includes(type), `job ${type}`);
    const job = (await activate(h.zbc, type)).find((j) => j.processInstanceKey === pik)!;
    await h.zbc.completeJob({ jobKey: job.key, variables });
    return job;
  };
  const run = (bpmnProcessId: string, variables: Record<string, unknown> = {}) =>
    h.zbc.createProcessInstance({ bpmnProcessId, variables: variables as never }).then((pi) => pi.processInstanceKey);

  describe('BPMN implementation', () => {
    beforeAll(async () => {
      const tasks = ['A', 'B', 'C'].map((id) => serviceTask(id, `ah-${id.toLowerCase()}`));
      await h.deploy('ah-collection.bpmn', around('ah-collection', adHoc('ah', tasks, { collection: '=toActivate' })));
      await h.deploy('ah-cancel.bpmn', around('ah-cancel', adHoc('ah', tasks, { collection: '=["A","B"]', condition: '=done = true' })));
      await h.deploy(
        'ah-wait.bpmn',
        around('ah-wait', adHoc('ah', tasks, { collection: '=["A","B"]', condition: '=done = true', cancelRemaining: false })),
      );
      await h.deploy(
        'ah-flows.bpmn',
        around(
          'ah-flows',
          adHoc('ah', [...tasks, flow('A', 'B')], { collection: '=toActivate', outputCollection: 'results', outputElement: '=result' }),
        ),
      );
    });

    it('activates the elements of activeElementsCollection only, and completes once all of them completed', async () => {
      const pik = await run('ah-collection', { toActivate: ['A', 'C'] });
      await waitFor(() => openJobs(pik).length === 2, 'the jobs of A and C');
      expect(openJobs(pik).sort()).toEqual(['ah-a', 'ah-c']);
      const ah = await adHocOf(pik);
      expect(ah.state).toBe('ACTIVE');
      // Zeebe 8.8: each activated element runs in an inner instance of its own.
      const inner = live(pik).filter((ei) => ei.type === 'AD_HOC_SUB_PROCESS_INNER_INSTANCE');
      expect(inner.map((ei) => [ei.elementId, ei.flowScopeKey])).toEqual([
        ['ah#innerInstance', ah.key],
        ['ah#innerInstance', ah.key],
      ]);
      const tasks = live(pik).filter((ei) => ei.type === 'SERVICE_TASK');
      expect(tasks.map((t) => t.flowScopeKey).sort()).toEqual(inner.map((i) => i.key).sort());

      await work(pik, 'ah-a');
      await settle();
      expect(await stateOf(pik)).toBe('ACTIVE');
      expect(live(pik).some((ei) => ei.type === 'AD_HOC_SUB_PROCESS')).toBe(true);

      await work(pik, 'ah-c');
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
    });

    it('stays active with an empty collection; the REST activation endpoint activates elements later', async () => {
      const pik = await run('ah-collection', { toActivate: [] });
      const ah = await adHocOf(pik);
      await settle();
      expect(live(pik).find((ei) => ei.key === ah.key)?.state).toBe('ACTIVE');
      expect(openJobs(pik)).toEqual([]);

      await rest.activateAdHocSubProcessActivities({
        adHocSubProcessInstanceKey: ah.key,
        elements: [{ elementId: 'B', variables: { hint: 'from the API' } }],
      });
      expect(openJobs(pik)).toEqual(['ah-b']);
      // The activation's variables are locals of B's inner instance.
      const inner = live(pik).find((ei) => ei.type === 'AD_HOC_SUB_PROCESS_INNER_INSTANCE')!;
      const hint = await rest.searchVariables({ filter: { processInstanceKey: pik, name: 'hint' } }, { consistency: { waitUpToMs: 5000 } });
      expect((hint.items as { scopeKey: string }[]).map((v) => v.scopeKey)).toEqual([inner.key]);
      const jobB = await work(pik, 'ah-b');
      expect(jobB.variables).toMatchObject({ hint: 'from the API' });
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
    });

    it('the REST activation rejects unknown elements (404), duplicates (400) and keys of other elements (404)', async () => {
      const pik = await run('ah-collection', { toActivate: [] });
      const ah = await adHocOf(pik);
      const activation = (key: string, ids: string[]) =>
        rest.activateAdHocSubProcessActivities({ adHocSubProcessInstanceKey: key, elements: ids.map((elementId) => ({ elementId })) });
      expect(await statusOf(activation(ah.key, ['X']))).toBe(404);
      expect(await statusOf(activation(ah.key, ['A', 'A']))).toBe(400);
      expect(await statusOf(activation(pik, ['A']))).toBe(404);
      expect(openJobs(pik)).toEqual([]);
      await h.zbc.cancelProcessInstance(pik);
    });

    it('an id that is no activatable inner element creates an EXTRACT_VALUE_ERROR incident; fixed, it goes on', async () => {
      const pik = await run('ah-flows', { toActivate: ['A', 'X', 'B'] });
      const incident = await waitFor(() => [...store().values('incident')].find((i) => i.processInstanceKey === pik), 'the incident');
      expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
      // B has an incoming sequence flow: it cannot be activated directly.
      expect(incident.errorMessage).toBe("Failed to activate ad-hoc elements. No BPMN elements found with ids: 'X', 'B'.");
      expect(openJobs(pik)).toEqual([]);

      await h.zbc.setVariables({ elementInstanceKey: pik, variables: { toActivate: ['C'] }, local: false });
      await h.zbc.resolveIncident({ incidentKey: incident.key });
      await work(pik, 'ah-c', { result: 'c' });
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
    });

    it('inner elements connected by flows run as one flow; outputElement is collected per finished flow into outputCollection', async () => {
      const pik = await run('ah-flows', { toActivate: ['A', 'C'] });
      await work(pik, 'ah-a', { result: 'from A' });
      // A's flow goes on to B; only its end counts.
      await work(pik, 'ah-c', { result: 'from C' });
      await work(pik, 'ah-b', { result: 'from B' });
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
      const vars = await rest.searchVariables(
        { filter: { processInstanceKey: pik, name: 'results' } },
        { consistency: { waitUpToMs: 5000 } },
      );
      const results = (vars.items as { scopeKey: string; value: string }[]).find((v) => v.scopeKey === pik);
      expect(JSON.parse(results!.value)).toEqual(['from C', 'from B']);
    });

    it('a met completion condition terminates the remaining inner instances (cancelRemainingInstances default true)', async () => {
      const pik = await run('ah-cancel', { done: false });
      await waitFor(() => openJobs(pik).length === 2, 'the jobs of A and B');
      const jobB = (await activate(h.zbc, 'ah-b')).find((j) => j.processInstanceKey === pik)!;
      await work(pik, 'ah-a', { done: true });
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
      expect(openJobs(pik)).toEqual([]);
      await expect(h.zbc.completeJob({ jobKey: jobB.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
    });

    it('with cancelRemainingInstances false it waits for the remaining inner instances', async () => {
      const pik = await run('ah-wait', { done: false });
      await waitFor(() => openJobs(pik).length === 2, 'the jobs of A and B');
      await work(pik, 'ah-a', { done: true });
      await settle();
      expect(await stateOf(pik)).toBe('ACTIVE');
      expect(openJobs(pik)).toEqual(['ah-b']);
      await work(pik, 'ah-b');
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
    });

    it('while the completion condition is false it stays active, even with no inner element left', async () => {
      const pik = await run('ah-cancel', { done: false });
      await work(pik, 'ah-a');
      await work(pik, 'ah-b');
      await settle();
      const ah = await adHocOf(pik);
      expect(ah.state).toBe('ACTIVE');
      await rest.activateAdHocSubProcessActivities({ adHocSubProcessInstanceKey: ah.key, elements: [{ elementId: 'C' }] });
      await work(pik, 'ah-c', { done: true });
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
    });

    it('a completion condition that is no boolean creates an incident', async () => {
      await h.deploy(
        'ah-bad-cond.bpmn',
        around('ah-bad-cond', adHoc('ah', [serviceTask('A', 'ah-bad-a')], { collection: '=["A"]', condition: '=42' })),
      );
      const pik = await run('ah-bad-cond');
      await work(pik, 'ah-bad-a');
      const incident = await waitFor(() => [...store().values('incident')].find((i) => i.processInstanceKey === pik), 'the incident');
      expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
      expect(incident.errorMessage).toBe(
        "Failed to evaluate completion condition. Expected result of the expression '42' to be 'BOOLEAN', but was 'NUMBER'.",
      );
      await h.zbc.cancelProcessInstance(pik);
    });

    it('BPMN errors inside: a boundary event in the ad-hoc sub-process ends that flow; one on it terminates it all', async () => {
      const errorDef = (id: string) =>
        `<bpmn:boundaryEvent id="${id}" attachedToRef="${id === 'onA' ? 'A' : 'ah'}"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>`;
      const xml = process(
        'ah-errors',
        [
          start('s'),
          adHoc('ah', [serviceTask('A', 'ah-err-a'), errorDef('onA'), serviceTask('B', 'ah-err-b')], { collection: '=ids' }),
          end('e'),
          errorDef('onAh'),
          end('caught'),
          ...chain('s', 'ah', 'e'),
          flow('onAh', 'caught'),
        ],
        ['<bpmn:error id="err" errorCode="E" />'],
      );
      await h.deploy('ah-errors.bpmn', xml);

      // Caught on A inside: the boundary event ends A's flow; the ad-hoc sub-process completes normally.
      const inside = await run('ah-errors', { ids: ['A'] });
      await waitFor(() => openJobs(inside).includes('ah-err-a'), 'job A');
      const a = (await activate(h.zbc, 'ah-err-a')).find((j) => j.processInstanceKey === inside)!;
      await h.zbc.throwError({ jobKey: a.key, errorCode: 'E', errorMessage: 'boom' });
      await waitFor(async () => (await stateOf(inside)) === 'COMPLETED', 'the process instance to complete');

      // Caught on the ad-hoc sub-process: its inner instances are terminated, the catch path is taken.
      const outside = await run('ah-errors', { ids: ['A', 'B'] });
      await waitFor(() => openJobs(outside).length === 2, 'jobs A and B');
      const b = (await activate(h.zbc, 'ah-err-b')).find((j) => j.processInstanceKey === outside)!;
      await h.zbc.throwError({ jobKey: b.key, errorCode: 'E', errorMessage: 'boom' });
      await waitFor(async () => (await stateOf(outside)) === 'COMPLETED', 'the process instance to complete');
      expect(openJobs(outside)).toEqual([]);
      const ended = await rest.searchElementInstances({ filter: { processInstanceKey: outside } }, { consistency: { waitUpToMs: 5000 } });
      const byId = (id: string) =>
        (ended.items as { elementId: string; state: string }[]).filter((ei) => ei.elementId === id).map((ei) => ei.state);
      expect(byId('ah')).toEqual(['TERMINATED']);
      expect(byId('ah#innerInstance')).toEqual(['TERMINATED', 'TERMINATED']);
      expect(byId('caught')).toEqual(['COMPLETED']);
    });

    it('an escalation thrown inside reaches an escalation boundary event on the ad-hoc sub-process (as the AI agent examples model it)', async () => {
      const xml = process(
        'ah-escalation',
        [
          start('s'),
          adHoc(
            'ah',
            [
              '<bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>',
              serviceTask('A', 'ah-esc-a'),
              flow('raise', 'A'),
            ],
            { collection: '=["raise"]' },
          ),
          end('e'),
          '<bpmn:boundaryEvent id="onEsc" attachedToRef="ah" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>',
          serviceTask('notify', 'ah-esc-notify'),
          end('notified'),
          ...chain('s', 'ah', 'e'),
          ...chain('onEsc', 'notify', 'notified'),
        ],
        ['<bpmn:escalation id="esc" escalationCode="HUMAN" />'],
      );
      await h.deploy('ah-escalation.bpmn', xml);
      const pik = await run('ah-escalation');
      // Non-interrupting: the catch path runs while the thrower's flow goes on inside.
      await waitFor(() => openJobs(pik).includes('ah-esc-notify') && openJobs(pik).includes('ah-esc-a'), 'both jobs');
      for (const type of ['ah-esc-notify', 'ah-esc-a']) {
        const job = (await activate(h.zbc, type)).find((j) => j.processInstanceKey === pik)!;
        await h.zbc.completeJob({ jobKey: job.key, variables: {} });
      }
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
    });

    it('an event sub-process inside ends a flow too: the completion condition is evaluated when it completes', async () => {
      const esp =
        `<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es"><bpmn:errorEventDefinition errorRef="err" /></bpmn:startEvent>` +
        `<bpmn:endEvent id="ee">${ext('<zeebe:ioMapping><zeebe:output source="=true" target="handled" /></zeebe:ioMapping>')}</bpmn:endEvent>` +
        `${flow('es', 'ee')}</bpmn:subProcess>`;
      const xml = process(
        'ah-esp',
        [
          start('s'),
          adHoc('ah', [serviceTask('A', 'ah-esp-a'), esp], { collection: '=["A"]', condition: '=handled = true' }),
          end('e'),
          ...chain('s', 'ah', 'e'),
        ],
        ['<bpmn:error id="err" errorCode="E" />'],
      );
      await h.deploy('ah-esp.bpmn', xml);
      const pik = await run('ah-esp', { handled: false });
      await waitFor(() => openJobs(pik).includes('ah-esp-a'), 'job A');
      const a = (await activate(h.zbc, 'ah-esp-a')).find((j) => j.processInstanceKey === pik)!;
      await h.zbc.throwError({ jobKey: a.key, errorCode: 'E', errorMessage: 'boom' });
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
    });

    it('process instance modification activates an inner element in a new inner instance', async () => {
      const pik = await run('ah-collection', { toActivate: [] });
      const ah = await adHocOf(pik);
      await h.zbc.modifyProcessInstance({
        processInstanceKey: pik,
        activateInstructions: [
          { elementId: 'B', ancestorElementInstanceKey: '-1', variableInstructions: [{ scopeId: 'B', variables: { note: 'moved' } }] },
        ],
        terminateInstructions: [],
      });
      const inner = live(pik).filter((ei) => ei.type === 'AD_HOC_SUB_PROCESS_INNER_INSTANCE');
      expect(inner.map((ei) => [ei.elementId, ei.flowScopeKey, ei.state])).toEqual([['ah#innerInstance', ah.key, 'ACTIVE']]);
      expect(live(pik).find((ei) => ei.elementId === 'B')?.flowScopeKey).toBe(inner[0]!.key);
      const job = await work(pik, 'ah-b');
      expect(job.variables).toMatchObject({ note: 'moved' });
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
    });

    it('reports the element type AD_HOC_SUB_PROCESS in the element instance search', async () => {
      const pik = await run('ah-collection', { toActivate: [] });
      const ah = await adHocOf(pik);
      const found = await rest.getElementInstance({ elementInstanceKey: ah.key }, { consistency: { waitUpToMs: 5000 } });
      expect(found).toMatchObject({ type: 'AD_HOC_SUB_PROCESS', elementId: 'ah', state: 'ACTIVE' });
      await h.zbc.cancelProcessInstance(pik);
    });
  });

  describe('job worker implementation', () => {
    beforeAll(async () => {
      const toolA = `<bpmn:serviceTask id="A" name="Tool A"><bpmn:documentation>Looks things up</bpmn:documentation>${ext(
        '<zeebe:taskDefinition type="ah-tool-a" /><zeebe:properties><zeebe:property name="kind" value="search" /></zeebe:properties>' +
          `<zeebe:ioMapping><zeebe:input source="=fromAi(toolCall.query, &quot;What to look up&quot;, &quot;string&quot;)" target="query" /></zeebe:ioMapping>`,
      )}</bpmn:serviceTask>`;
      await h.deploy(
        'ah-agent.bpmn',
        around(
          'ah-agent',
          adHoc('ah', [toolA, serviceTask('B', 'ah-tool-b')], {
            jobType: 'ah-agent',
            outputCollection: 'toolResults',
            outputElement: '=toolResult',
          }),
        ),
      );
    });

    const agentJob = async (pik: string) => {
      await waitFor(() => openJobs(pik).includes('ah-agent'), 'the agent job');
      const res = await rest.activateJobs({ type: 'ah-agent', timeout: 30_000, maxJobsToActivate: 5, worker: 'agent' });
      return (res.jobs as { jobKey: string; processInstanceKey: string; kind: string; variables: Record<string, unknown> }[]).find(
        (j) => j.processInstanceKey === pik,
      )!;
    };

    it('a job of kind AD_HOC_SUB_PROCESS decides; each finished inner flow brings a new job; its result completes the sub-process', async () => {
      const pik = await run('ah-agent');
      const first = await agentJob(pik);
      expect(first.kind).toBe('AD_HOC_SUB_PROCESS');
      expect(first.variables.adHocSubProcessElements).toEqual([
        {
          elementId: 'A',
          elementName: 'Tool A',
          documentation: 'Looks things up',
          properties: { kind: 'search' },
          parameters: [{ name: 'toolCall.query', description: 'What to look up', type: 'string' }],
        },
        { elementId: 'B' },
      ]);
      expect(first.variables.toolResults).toEqual([]);

      await rest.completeJob({
        jobKey: first.jobKey,
        variables: { agentContext: 'step 1' },
        result: { type: 'adHocSubProcess', activateElements: [{ elementId: 'A', variables: { toolCall: { query: 'q1' } } }] },
      });
      expect(openJobs(pik)).toEqual(['ah-tool-a']);
      const tool = (await activate(h.zbc, 'ah-tool-a')).find((j) => j.processInstanceKey === pik)!;
      expect(tool.variables).toMatchObject({ query: 'q1', agentContext: 'step 1' });
      // The activation's variables are locals of the element's inner instance.
      const inner = live(pik).find((ei) => ei.type === 'AD_HOC_SUB_PROCESS_INNER_INSTANCE')!;
      const query = await rest.searchVariables(
        { filter: { processInstanceKey: pik, name: 'toolCall' } },
        { consistency: { waitUpToMs: 5000 } },
      );
      expect((query.items as { scopeKey: string }[]).map((v) => v.scopeKey)).toEqual([inner.key]);
      await h.zbc.completeJob({ jobKey: tool.key, variables: { toolResult: 'found' } });

      const searched = await rest.searchJobs(
        { filter: { processInstanceKey: pik, type: 'ah-agent' } },
        { consistency: { waitUpToMs: 5000 } },
      );
      expect((searched.items as { kind: string }[]).map((j) => j.kind)).toContain('AD_HOC_SUB_PROCESS');
      const second = await agentJob(pik);
      expect(second.variables.toolResults).toEqual(['found']);
      await rest.completeJob({
        jobKey: second.jobKey,
        variables: {},
        result: { type: 'adHocSubProcess', activateElements: [], isCompletionConditionFulfilled: true, isCancelRemainingInstances: true },
      });
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED', 'the process instance to complete');
      expect(openJobs(pik)).toEqual([]);
    });

    it('rejects a result that activates an unknown element', async () => {
      const pik = await run('ah-agent');
      const job = await agentJob(pik);
      const completion = rest.completeJob({
        jobKey: job.jobKey,
        result: { type: 'adHocSubProcess', activateElements: [{ elementId: 'nope' }] },
      });
      expect(await statusOf(completion)).toBe(404);
      expect(openJobs(pik)).toEqual(['ah-agent']);
      await h.zbc.cancelProcessInstance(pik);
      expect(openJobs(pik)).toEqual([]);
    });
  });

  it('survives a restart of the engine: inner instances, the output collection and a met completion condition', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ad-hoc-'));
    const tasks = ['A', 'B'].map((id) => serviceTask(id, `ahr-${id.toLowerCase()}`));
    const xml = around(
      'ah-restart',
      adHoc('ah', tasks, {
        collection: '=["A","B"]',
        condition: '=done = true',
        cancelRemaining: false,
        outputCollection: 'results',
        outputElement: '=result',
      }),
    );
    const completeOn = async (harness: Harness, type: string, variables: Record<string, string | boolean>) => {
      const job = await waitFor(async () => (await activate(harness.zbc, type))[0], `job ${type}`);
      await harness.zbc.completeJob({ jobKey: job.key, variables });
    };
    let pik = '';
    const first = await startHarness({ dataDir });
    try {
      await first.deploy('ah-restart.bpmn', xml);
      pik = (await first.zbc.createProcessInstance({ bpmnProcessId: 'ah-restart', variables: { done: false } })).processInstanceKey;
      await completeOn(first, 'ahr-a', { result: 'a', done: true });
    } finally {
      await first.close();
    }
    const second = await startHarness({ dataDir });
    try {
      const instances = () => [...second.engine.engine.store.values('element-instance')].filter((ei) => ei.processInstanceKey === pik);
      expect(instances().find((ei) => ei.elementId === 'ah')?.runtime.adHocCompletionFulfilled).toBe(true);
      expect(instances().filter((ei) => ei.type === 'AD_HOC_SUB_PROCESS_INNER_INSTANCE')).toHaveLength(1);
      await completeOn(second, 'ahr-b', { result: 'b' });
      await waitFor(() => second.engine.engine.store.get('process-instance', pik) === undefined, 'the instance to complete');
      const found = await createEngineQueries(second.db).variables.search({
        filter: { processInstanceKey: pik, name: 'results' },
      } as never);
      const results = (found.items as { scopeKey: string; value: string }[]).find((v) => v.scopeKey === pik);
      expect(results && JSON.parse(results.value)).toEqual(['a', 'b']);
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('deployment', () => {
    const rejection = async (inner: string[], o: AdHocOptions = {}, attrs = '') => {
      const xml = around('ah-bad', adHoc('ah', inner, o)).replace('<bpmn:adHocSubProcess id="ah"', `<bpmn:adHocSubProcess id="ah"${attrs}`);
      return h.deploy('ah-bad.bpmn', xml).then(
        () => 'deployed',
        (err: Error) => err.message,
      );
    };
    const task = serviceTask('A', 'ah-x');

    it.each([
      ['a start event', [start('in'), task, flow('in', 'A')], {}, 'Must not contain a start event.'],
      ['an end event', [task, end('out'), flow('A', 'out')], {}, 'Must not contain an end event.'],
      ['no element', [], {}, 'Must have at least one activity.'],
      [
        'a job worker with a completion condition',
        [task],
        { jobType: 'w', condition: '=true' },
        'Must not set completionCondition in combination with zeebe:taskDefinition',
      ],
      [
        'a job worker with an active elements collection',
        [task],
        { jobType: 'w', collection: '=["A"]' },
        'Must not set activeElementsCollection in combination with zeebe:taskDefinition',
      ],
      [
        'a job worker with cancelRemainingInstances false',
        [task],
        { jobType: 'w', cancelRemaining: false },
        'Must not set cancelRemainingInstances to false in combination with zeebe:taskDefinition',
      ],
    ])('rejects %s', async (_what, inner, o, message) => {
      const result = await rejection(inner, o);
      expect(result).toContain('- Element: ah');
      expect(result).toContain(message);
    });
  });
});
