/**
 * The /v2 routes over the real engine, driven only through @camunda8/sdk's Orchestration Cluster
 * API client, as an app written against Camunda 8.8 would drive them.
 */
import { startHarness, type Harness } from '../harness';
import { statusOf, type RestClient as SdkClient } from '../sdk-client';

const ORDER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://example.com">
  <bpmn:process id="rest-order" name="REST order" isExecutable="true">
    <bpmn:startEvent id="received" name="Order received" />
    <bpmn:sequenceFlow id="f1" sourceRef="received" targetRef="charge" />
    <bpmn:serviceTask id="charge" name="Charge card">
      <bpmn:extensionElements><zeebe:taskDefinition type="rest-charge" retries="1" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="charge" targetRef="approve" />
    <bpmn:userTask id="approve" name="Approve order">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:formDefinition formId="rest-approve" />
        <zeebe:assignmentDefinition candidateGroups="sales, finance" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="done" />
    <bpmn:endEvent id="done" name="Done" />
  </bpmn:process>
</bpmn:definitions>`;

const ECHO_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs2" targetNamespace="http://example.com">
  <bpmn:process id="rest-echo" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="e1" sourceRef="s" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

const WAIT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs3" targetNamespace="http://example.com">
  <bpmn:message id="m" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="rest-wait" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="w1" sourceRef="s" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="w2" sourceRef="wait" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

const FORM = JSON.stringify({
  id: 'rest-approve',
  type: 'default',
  schemaVersion: 16,
  components: [{ key: 'approved', label: 'Approved', type: 'checkbox' }],
});

const noWait = { consistency: { waitUpToMs: 0 } };

let h: Harness;
let camunda: SdkClient;
let baseUrl: string;

beforeAll(async () => {
  h = await startHarness({ rest: true });
  camunda = h.rest;
  baseUrl = h.restUrl;
});

afterAll(() => h?.close());

describe('the REST API over the engine, through @camunda8/sdk', () => {
  let processDefinitionKey: string;
  let processInstanceKey: string;

  it('reports the topology', async () => {
    const t = await camunda.getTopology();
    expect(t.brokers[0].partitions[0]).toEqual({ partitionId: 1, role: 'leader', health: 'healthy' });
  });

  it('deploys a process and its form', async () => {
    const res = await camunda.createDeployment({
      resources: [new File([ORDER_XML], 'rest-order.bpmn'), new File([FORM], 'rest-approve.form'), new File([ECHO_XML], 'rest-echo.bpmn')],
    });
    type Deployed = { processDefinition?: { processDefinitionId: string; processDefinitionKey: string }; form?: { formId: string } };
    const deployments = res.deployments as Deployed[];
    const processes = deployments.flatMap((d) => (d.processDefinition ? [d.processDefinition] : []));
    expect(processes.map((p) => p.processDefinitionId).sort()).toEqual(['rest-echo', 'rest-order']);
    expect(deployments.some((d) => d.form?.formId === 'rest-approve')).toBe(true);
    processDefinitionKey = processes.find((p) => p.processDefinitionId === 'rest-order')!.processDefinitionKey;
    const def = await camunda.getProcessDefinition({ processDefinitionKey }, noWait);
    expect(def).toMatchObject({ name: 'REST order', processDefinitionId: 'rest-order', version: 1, hasStartForm: false });
    expect(await camunda.getProcessDefinitionXml({ processDefinitionKey }, noWait)).toContain('rest-charge');
  });

  it('creates an instance and finds it by key and by variable', async () => {
    const created = await camunda.createProcessInstance({
      processDefinitionId: 'rest-order',
      variables: { orderId: 'A-1', customer: { name: 'Müller GmbH' } },
    });
    processInstanceKey = created.processInstanceKey;
    expect(created).toMatchObject({ processDefinitionId: 'rest-order', processDefinitionVersion: 1, processDefinitionKey });
    const byKey = await camunda.searchProcessInstances({ filter: { processInstanceKey } }, noWait);
    expect(byKey.items).toEqual([
      expect.objectContaining({ processInstanceKey, state: 'ACTIVE', processDefinitionName: 'REST order', hasIncident: false }),
    ]);
    const byVariable = await camunda.searchProcessInstances(
      { filter: { variables: [{ name: 'customer', value: { $like: '*Müller*' } }] } },
      noWait,
    );
    expect(byVariable.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).toEqual([processInstanceKey]);
  });

  it('raises an incident for a failed job and resolves it', async () => {
    const { jobs } = await camunda.activateJobs({
      type: 'rest-charge',
      worker: 'rest-test',
      timeout: 30000,
      maxJobsToActivate: 1,
      requestTimeout: 2000,
    });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ processInstanceKey, elementId: 'charge', processDefinitionId: 'rest-order', retries: 1 });
    const jobKey = jobs[0].jobKey;
    await camunda.failJob({ jobKey, retries: 0, errorMessage: 'card declined' });

    const incidents = await camunda.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } }, noWait);
    expect(incidents.items).toEqual([
      expect.objectContaining({ errorType: 'JOB_NO_RETRIES', errorMessage: 'card declined', elementId: 'charge', jobKey }),
    ]);
    const incidentKey = incidents.items[0].incidentKey;
    expect((await camunda.getProcessInstance({ processInstanceKey }, noWait)).hasIncident).toBe(true);
    const failing = await camunda.searchElementInstances({ filter: { processInstanceKey, hasIncident: true } }, noWait);
    expect(failing.items).toEqual([expect.objectContaining({ elementId: 'charge', elementName: 'Charge card', incidentKey })]);

    await camunda.updateJob({ jobKey, changeset: { retries: 1 } });
    await camunda.resolveIncident({ incidentKey });
    expect((await camunda.getIncident({ incidentKey }, noWait)).state).toBe('RESOLVED');
    expect((await camunda.getProcessInstance({ processInstanceKey }, noWait)).hasIncident).toBe(false);

    const again = await camunda.activateJobs({
      type: 'rest-charge',
      worker: 'rest-test',
      timeout: 30000,
      maxJobsToActivate: 1,
      requestTimeout: 2000,
    });
    expect(again.jobs.map((j: { jobKey: string }) => j.jobKey)).toEqual([jobKey]);
    await camunda.completeJob({ jobKey, variables: { charged: true } });
  });

  it('completes the user task with its form', async () => {
    const tasks = await camunda.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED', candidateGroup: 'finance' } }, noWait);
    expect(tasks.items).toHaveLength(1);
    const task = tasks.items[0];
    expect(task).toMatchObject({
      elementId: 'approve',
      name: 'Approve order',
      candidateGroups: ['sales', 'finance'],
      processName: 'REST order',
    });
    const userTaskKey = task.userTaskKey;
    const form = await camunda.getUserTaskForm({ userTaskKey }, noWait);
    expect(form).toMatchObject({ formId: 'rest-approve', formKey: task.formKey });
    expect(JSON.parse(String((form as { schema: unknown }).schema))).toMatchObject({ id: 'rest-approve' });

    await camunda.assignUserTask({ userTaskKey, assignee: 'anna' });
    expect((await camunda.getUserTask({ userTaskKey }, noWait)).assignee).toBe('anna');
    await camunda.unassignUserTask({ userTaskKey });
    expect((await camunda.getUserTask({ userTaskKey }, noWait)).assignee).toBeUndefined();
    await camunda.updateUserTask({
      userTaskKey,
      changeset: { dueDate: '2031-02-03T10:00:00.000Z', candidateGroups: ['finance'], priority: 80 },
    });
    expect(await camunda.getUserTask({ userTaskKey }, noWait)).toMatchObject({
      candidateGroups: ['finance'],
      priority: 80,
      dueDate: expect.stringMatching(/^2031-02-03T10:00:00/),
    });
    // An empty date clears it; bad input changes nothing.
    expect(await statusOf(camunda.updateUserTask({ userTaskKey, changeset: { priority: 101 } }))).toBe(400);
    await camunda.updateUserTask({ userTaskKey, changeset: { dueDate: '' } });
    const cleared = await camunda.getUserTask({ userTaskKey }, noWait);
    expect(cleared.dueDate).toBeUndefined();
    expect(cleared.priority).toBe(80);
    await camunda.assignUserTask({ userTaskKey, assignee: 'anna' });
    await camunda.completeUserTask({ userTaskKey, variables: { approved: true } });
    expect((await camunda.getUserTask({ userTaskKey }, noWait)).state).toBe('COMPLETED');
    // Like Zeebe, a completed task is gone for commands: NOT_FOUND.
    expect(await statusOf(camunda.completeUserTask({ userTaskKey }))).toBe(404);
  });

  it('shows the finished instance, its elements and variables', async () => {
    const pi = await camunda.getProcessInstance({ processInstanceKey }, noWait);
    expect(pi).toMatchObject({ state: 'COMPLETED', hasIncident: false });
    expect(pi.endDate).toBeDefined();
    const elements = await camunda.searchElementInstances(
      { filter: { processInstanceKey }, sort: [{ field: 'elementInstanceKey', order: 'ASC' }] },
      noWait,
    );
    expect(elements.items.map((e: Record<string, string>) => [e.elementId, e.elementName, e.state])).toEqual([
      ['received', 'Order received', 'COMPLETED'],
      ['charge', 'Charge card', 'COMPLETED'],
      ['approve', 'Approve order', 'COMPLETED'],
      ['done', 'Done', 'COMPLETED'],
    ]);
    const children = await camunda.searchElementInstances({ filter: { elementInstanceScopeKey: processInstanceKey } }, noWait);
    expect(children.page.totalItems).toBe(4);
    const stats = await (await fetch(`${baseUrl}/v2/process-instances/${processInstanceKey}/statistics/element-instances`)).json();
    expect(stats.items).toContainEqual({ elementId: 'charge', active: 0, canceled: 0, incidents: 0, completed: 1 });
    const vars = await camunda.searchVariables({ filter: { processInstanceKey }, sort: [{ field: 'name', order: 'ASC' }] }, noWait);
    expect(vars.items.map((v: Record<string, string>) => [v.name, v.value])).toEqual([
      ['approved', 'true'],
      ['charged', 'true'],
      ['customer', '{"name":"Müller GmbH"}'],
      ['orderId', '"A-1"'],
    ]);
    const one = await camunda.getVariable({ variableKey: vars.items[3].variableKey }, noWait);
    expect(one).toMatchObject({ name: 'orderId', value: '"A-1"', scopeKey: processInstanceKey });
  });

  it('creates an instance awaiting its result', async () => {
    const res = await camunda.createProcessInstance({
      processDefinitionId: 'rest-echo',
      variables: { a: 1, b: 2 },
      awaitCompletion: true,
      fetchVariables: ['b'],
    });
    expect(res.variables).toEqual({ b: 2 });
    expect((await camunda.getProcessInstance({ processInstanceKey: res.processInstanceKey }, noWait)).state).toBe('COMPLETED');
  });

  it('cancels an instance; its incident, job and elements end with it', async () => {
    const { processInstanceKey: key } = await camunda.createProcessInstance({ processDefinitionId: 'rest-order' });
    const { jobs } = await camunda.activateJobs({
      type: 'rest-charge',
      worker: 'rest-test',
      timeout: 30000,
      maxJobsToActivate: 1,
      requestTimeout: 2000,
    });
    await camunda.failJob({ jobKey: jobs[0].jobKey, retries: 0, errorMessage: 'declined' });
    expect((await camunda.searchJobs({ filter: { processInstanceKey: key } }, noWait)).items).toEqual([
      expect.objectContaining({
        jobKey: jobs[0].jobKey,
        state: 'FAILED',
        retries: 0,
        errorMessage: 'declined',
        hasFailedWithRetriesLeft: false,
      }),
    ]);
    await camunda.cancelProcessInstance({ processInstanceKey: key });
    expect(await camunda.getProcessInstance({ processInstanceKey: key }, noWait)).toMatchObject({
      state: 'TERMINATED',
      hasIncident: false,
    });
    expect(
      (await camunda.searchIncidents({ filter: { processInstanceKey: key } }, noWait)).items.map((i: { state: string }) => i.state),
    ).toEqual(['RESOLVED']);
    const elements = await camunda.searchElementInstances({ filter: { processInstanceKey: key } }, noWait);
    expect(elements.items.map((e: Record<string, string>) => [e.elementId, e.state])).toEqual([
      ['received', 'COMPLETED'],
      ['charge', 'TERMINATED'],
    ]);
    expect(await statusOf(camunda.cancelProcessInstance({ processInstanceKey: key }))).toBe(404);
  });

  it('modifies an instance: the token moves from the job to the user task, atomically', async () => {
    const { processInstanceKey: key } = await camunda.createProcessInstance({ processDefinitionId: 'rest-order' });
    const elementsOf = async () =>
      (
        await camunda.searchElementInstances(
          { filter: { processInstanceKey: key }, sort: [{ field: 'elementInstanceKey', order: 'ASC' }] },
          noWait,
        )
      ).items as Record<string, string>[];
    const charge = (await elementsOf()).find((e) => e.elementId === 'charge')!;
    const bad = {
      processInstanceKey: key,
      activateInstructions: [{ elementId: 'approve' }, { elementId: 'nowhere' }],
      terminateInstructions: [{ elementInstanceKey: charge.elementInstanceKey }],
    };
    expect(await statusOf(camunda.modifyProcessInstance(bad))).toBe(400);
    expect(await statusOf(camunda.modifyProcessInstance({ ...bad, processInstanceKey: '2251799813999999' }))).toBe(404);
    expect((await elementsOf()).map((e) => [e.elementId, e.state])).toEqual([
      ['received', 'COMPLETED'],
      ['charge', 'ACTIVE'],
    ]);

    await camunda.modifyProcessInstance({
      processInstanceKey: key,
      activateInstructions: [{ elementId: 'approve', variableInstructions: [{ variables: { approvedBy: 'ops' } }] }],
      terminateInstructions: [{ elementInstanceKey: charge.elementInstanceKey }],
    });
    expect((await elementsOf()).map((e) => [e.elementId, e.state])).toEqual([
      ['received', 'COMPLETED'],
      ['charge', 'TERMINATED'],
      ['approve', 'ACTIVE'],
    ]);
    const tasks = await camunda.searchUserTasks({ filter: { processInstanceKey: key } }, noWait);
    expect(tasks.items.map((t: Record<string, string>) => t.elementId)).toEqual(['approve']);
    expect(
      (await camunda.searchJobs({ filter: { processInstanceKey: key } }, noWait)).items.map((j: Record<string, string>) => j.state),
    ).toEqual(['CANCELED']);
    const vars = await camunda.searchVariables({ filter: { processInstanceKey: key } }, noWait);
    expect(vars.items.map((v: Record<string, string>) => [v.name, v.value])).toEqual([['approvedBy', '"ops"']]);
    await camunda.cancelProcessInstance({ processInstanceKey: key });
  });

  it('serves the SDK job worker (long polling activation, completion)', async () => {
    const { processInstanceKey: key } = await camunda.createProcessInstance({
      processDefinitionId: 'rest-order',
      variables: { amount: 12 },
    });
    const seen: unknown[] = [];
    void camunda.createJobWorker({
      jobType: 'rest-charge',
      jobTimeoutMs: 30000,
      maxParallelJobs: 2,
      pollTimeoutMs: 500,
      fetchVariables: ['amount'],
      jobHandler: (job: { variables: unknown; complete(v: object): unknown }) => {
        seen.push(job.variables);
        return job.complete({ charged: true });
      },
    });
    try {
      const end = Date.now() + 10000;
      while (Date.now() < end) {
        const tasks = await camunda.searchUserTasks({ filter: { processInstanceKey: key } }, noWait);
        if (tasks.page.totalItems > 0) break;
      }
      expect(seen).toEqual([{ amount: 12 }]);
      const vars = await camunda.searchVariables({ filter: { processInstanceKey: key, name: 'charged' } }, noWait);
      expect(vars.items.map((v: { value: string }) => v.value)).toEqual(['true']);
      // The ended job stays searchable, with who did it and when, as in Camunda's job search.
      const jobs = await camunda.searchJobs({ filter: { processInstanceKey: key, type: 'rest-charge' } }, noWait);
      expect(jobs.items).toHaveLength(1);
      expect(jobs.items[0]).toMatchObject({ state: 'COMPLETED', worker: expect.any(String), endTime: expect.stringMatching(/^\d{4}-/) });
      expect(jobs.items[0].worker).not.toBe('');
    } finally {
      void camunda.stopAllWorkers();
      await camunda.cancelProcessInstance({ processInstanceKey: key });
    }
  });

  it('answers unknown keys with 404 and bad input with 400', async () => {
    expect(await statusOf(camunda.getProcessInstance({ processInstanceKey: '2251799813999999' }, noWait))).toBe(404);
    expect(await statusOf(camunda.createProcessInstance({ processDefinitionId: 'no-such-process' }))).toBe(404);
    expect(await statusOf(camunda.searchProcessInstances({ filter: { state: 'RUNNING' as never } }, noWait))).toBe(400);
  });

  it('publishes messages, broadcasts signals and pins the clock', async () => {
    const msg = await camunda.publishMessage({ name: 'nobody-waits', correlationKey: 'x', timeToLive: 1000 });
    expect(msg.messageKey).toMatch(/^\d+$/);
    const sig = await camunda.broadcastSignal({ signalName: 'nobody-listens' });
    expect(sig.signalKey).toMatch(/^\d+$/);
    // Correlation reaches a waiting instance now and names it; with nobody waiting it is a 404, never buffered.
    await camunda.createDeployment({ resources: [new File([WAIT_XML], 'rest-wait.bpmn')] });
    const waiting = await camunda.createProcessInstance({ processDefinitionId: 'rest-wait', variables: { orderId: 'o-1' } });
    const correlated = await camunda.correlateMessage({ name: 'paid', correlationKey: 'o-1', variables: { amount: 5 } });
    expect(correlated).toMatchObject({ processInstanceKey: waiting.processInstanceKey, messageKey: expect.stringMatching(/^\d+$/) });
    expect((await camunda.getProcessInstance({ processInstanceKey: waiting.processInstanceKey }, noWait)).state).toBe('COMPLETED');
    expect(await statusOf(camunda.correlateMessage({ name: 'paid', correlationKey: 'o-1' }))).toBe(404);
    await camunda.pinClock({ timestamp: Date.parse('2030-01-01T00:00:00Z') });
    const { processInstanceKey: key } = await camunda.createProcessInstance({ processDefinitionId: 'rest-echo' });
    expect((await camunda.getProcessInstance({ processInstanceKey: key }, noWait)).startDate).toMatch(/^2030-01-01T00:00:00/);
    await camunda.resetClock();
  });
});
