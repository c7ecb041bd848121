import { DeadlineExceededError, FailedPreconditionError, NotFoundError } from '../errors';
import { multipart, openTestApp, type TestApp } from '../../test/engine/rest-app';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());
beforeEach(() => jest.clearAllMocks());

const post = (url: string, payload?: unknown) => t.app.inject({ method: 'POST', url, payload: payload as never });

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, title: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as {
    type: string;
    title: string;
    status: number;
    detail: string;
    instance: string;
    details?: { field: string }[];
  };
  expect(body).toMatchObject({ type: 'about:blank', title, status });
  expect(typeof body.detail).toBe('string');
  expect(body.instance).toMatch(/^\/v2\//);
  return body;
}

describe('cluster', () => {
  it('reports the topology in the REST spelling', async () => {
    const res = await t.app.inject('/v2/topology');
    expect(res.json()).toEqual({
      brokers: [
        {
          nodeId: 0,
          host: 'localhost',
          port: 26501,
          version: '8.8.0',
          partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: '8.8.0',
      lastCompletedChangeId: '-1',
    });
    expect((await t.app.inject('/v2/status')).statusCode).toBe(204);
  });

  it('refuses the clock when it is not controllable', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/v2/clock', payload: { timestamp: 1 } });
    expectProblem(res, 403, 'FORBIDDEN');
    expectProblem(await post('/v2/clock/reset'), 403, 'FORBIDDEN');
    expect(t.commands.pinClock).not.toHaveBeenCalled();
  });

  it('pins and resets a controllable clock', async () => {
    const c = await openTestApp({ clockControlled: true, db: t.db });
    try {
      expect((await c.app.inject({ method: 'PUT', url: '/v2/clock', payload: { timestamp: 1700000000000 } })).statusCode).toBe(204);
      expect(c.commands.pinClock).toHaveBeenCalledWith(1700000000000);
      expect((await c.app.inject({ method: 'POST', url: '/v2/clock/reset' })).statusCode).toBe(204);
      expect(c.commands.resetClock).toHaveBeenCalled();
      const bad = expectProblem(
        await c.app.inject({ method: 'PUT', url: '/v2/clock', payload: { timestamp: 'soon' } }),
        400,
        'INVALID_ARGUMENT',
      );
      expect(bad.details).toEqual([{ field: 'timestamp', message: 'must be integer' }]);
    } finally {
      await c.close();
    }
  });
});

describe('deployments', () => {
  it('deploys multipart resources and answers in Camunda shape', async () => {
    t.commands.deployResources.mockResolvedValueOnce({
      key: '900',
      tenantId: 'acme',
      processes: [{ bpmnProcessId: 'order', version: 2, processDefinitionKey: '901', resourceName: 'order.bpmn', tenantId: 'acme' }],
      decisions: [
        {
          dmnDecisionId: 'risk',
          dmnDecisionName: 'Risk',
          version: 1,
          decisionKey: '903',
          dmnDecisionRequirementsId: 'drg',
          decisionRequirementsKey: '902',
          tenantId: 'acme',
        },
      ],
      decisionRequirements: [
        {
          dmnDecisionRequirementsId: 'drg',
          dmnDecisionRequirementsName: 'Rules',
          version: 1,
          decisionRequirementsKey: '902',
          resourceName: 'risk.dmn',
          tenantId: 'acme',
        },
      ],
      forms: [{ formId: 'f', version: 1, formKey: '904', resourceName: 'f.form', tenantId: 'acme' }],
    });
    const { body, contentType } = await multipart([
      { name: 'resources', filename: 'order.bpmn', content: '<definitions/>' },
      { name: 'resources', filename: 'risk.dmn', content: Buffer.from([0xef, 0xbb, 0xbf, 0x3c]) },
      { name: 'tenantId', content: 'acme' },
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/v2/deployments', payload: body, headers: { 'content-type': contentType } });
    expect(res.statusCode).toBe(200);
    expect(t.commands.deployResources).toHaveBeenCalledWith(
      [
        { name: 'order.bpmn', content: Buffer.from('<definitions/>') },
        { name: 'risk.dmn', content: Buffer.from([0xef, 0xbb, 0xbf, 0x3c]) },
      ],
      'acme',
    );
    expect(res.json()).toEqual({
      deploymentKey: '900',
      tenantId: 'acme',
      deployments: [
        {
          processDefinition: {
            processDefinitionId: 'order',
            processDefinitionVersion: 2,
            resourceName: 'order.bpmn',
            tenantId: 'acme',
            processDefinitionKey: '901',
          },
        },
        {
          decisionDefinition: {
            decisionDefinitionId: 'risk',
            version: 1,
            name: 'Risk',
            tenantId: 'acme',
            decisionRequirementsId: 'drg',
            decisionDefinitionKey: '903',
            decisionRequirementsKey: '902',
          },
        },
        {
          decisionRequirements: {
            decisionRequirementsId: 'drg',
            version: 1,
            decisionRequirementsName: 'Rules',
            tenantId: 'acme',
            resourceName: 'risk.dmn',
            decisionRequirementsKey: '902',
          },
        },
        { form: { formId: 'f', version: 1, resourceName: 'f.form', tenantId: 'acme', formKey: '904' } },
      ],
    });
  });

  it('rejects a deployment without resources, or not multipart, without calling the engine', async () => {
    const { body, contentType } = await multipart([
      { name: 'files', filename: 'x.bpmn', content: 'x' },
      { name: 'tenantId', content: '' },
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/v2/deployments', payload: body, headers: { 'content-type': contentType } });
    const p = expectProblem(res, 400, 'INVALID_ARGUMENT');
    expect(p.details?.map((d) => d.field)).toEqual(['resources', 'files', 'tenantId']);
    expectProblem(await post('/v2/deployments', { resources: [] }), 400, 'INVALID_ARGUMENT');
    expect(t.commands.deployResources).not.toHaveBeenCalled();
  });

  it('maps engine rejections of a deployment to 400 with the element details', async () => {
    const { InvalidArgumentError } = await import('../errors');
    t.commands.deployResources.mockRejectedValueOnce(
      new InvalidArgumentError('order.bpmn: unsupported element', [{ field: 'Task_1', message: 'complex gateway is not supported' }]),
    );
    const { body, contentType } = await multipart([{ name: 'resources', filename: 'order.bpmn', content: 'x' }]);
    const res = await t.app.inject({ method: 'POST', url: '/v2/deployments', payload: body, headers: { 'content-type': contentType } });
    expect(expectProblem(res, 400, 'INVALID_ARGUMENT').details).toEqual([{ field: 'Task_1', message: 'complex gateway is not supported' }]);
  });

  it('deletes a resource', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v2/resources/100/deletion',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(200);
    expect(t.commands.deleteResource).toHaveBeenCalledWith('100');
  });
});

describe('process instances', () => {
  it('creates by id (latest version) and by key', async () => {
    const res = await post('/v2/process-instances', { processDefinitionId: 'order', variables: { orderId: 'A-1' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      processDefinitionId: 'order',
      processDefinitionVersion: 1,
      tenantId: '<default>',
      variables: {},
      processDefinitionKey: '100',
      processInstanceKey: '5000',
    });
    expect(t.commands.createProcessInstance).toHaveBeenCalledWith(
      expect.objectContaining({ bpmnProcessId: 'order', version: -1, variables: { orderId: 'A-1' } }),
    );
    await post('/v2/process-instances', { processDefinitionKey: '100', startInstructions: [{ elementId: 'approve' }] });
    expect(t.commands.createProcessInstance).toHaveBeenLastCalledWith(
      expect.objectContaining({ processDefinitionKey: '100', startInstructions: [{ elementId: 'approve' }] }),
    );
  });

  it('awaits completion with fetchVariables and requestTimeout; a timeout is a 504', async () => {
    const res = await post('/v2/process-instances', {
      processDefinitionId: 'order',
      awaitCompletion: true,
      fetchVariables: ['done'],
      requestTimeout: 5000,
    });
    expect(res.json().variables).toEqual({ done: true });
    expect(t.commands.createProcessInstanceWithResult).toHaveBeenCalledWith(
      expect.objectContaining({ bpmnProcessId: 'order', requestTimeoutMs: 5000, fetchVariables: ['done'] }),
    );
    t.commands.createProcessInstanceWithResult.mockRejectedValueOnce(
      new DeadlineExceededError('Process instance did not complete within 5000 ms'),
    );
    expectProblem(await post('/v2/process-instances', { processDefinitionId: 'order', awaitCompletion: true }), 504, 'DEADLINE_EXCEEDED');
  });

  it('rejects bad creation requests field by field, without calling the engine', async () => {
    let p = expectProblem(
      await post('/v2/process-instances', { processDefinitionId: 'order', processDefinitionKey: '100' }),
      400,
      'INVALID_ARGUMENT',
    );
    expect(p.details?.[0].field).toBe('processDefinitionId');
    p = expectProblem(
      await post('/v2/process-instances', { processDefinitionKey: 'x1', variables: [], colour: 'red', startInstructions: [{}] }),
      400,
      'INVALID_ARGUMENT',
    );
    expect(p.details).toEqual([
      { field: 'colour', message: 'is not a known property' },
      { field: 'processDefinitionKey', message: 'must be a key: a decimal integer string' },
      { field: 'variables', message: 'must be object' },
      { field: 'startInstructions[0].elementId', message: 'is required' },
    ]);
    expectProblem(
      await post('/v2/process-instances', { processDefinitionId: 'order', runtimeInstructions: [{ type: 'TERMINATE_PROCESS_INSTANCE' }] }),
      400,
      'INVALID_ARGUMENT',
    );
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/v2/process-instances',
        headers: { 'content-type': 'application/json' },
        payload: '{"processDefinitionId": ',
      }),
      400,
      'Bad Request',
    );
    expect(t.commands.createProcessInstance).not.toHaveBeenCalled();
  });

  it('searches with filter, sort and page', async () => {
    const res = await post('/v2/process-instances/search', {
      filter: { state: 'ACTIVE', variables: [{ name: 'orderId', value: '"A-1"' }] },
      sort: [{ field: 'startDate', order: 'desc' }],
      page: { limit: 10 },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).toEqual(['1000']);
    expect(body.page).toMatchObject({ totalItems: 1, hasMoreTotalItems: false });
    expect((await post('/v2/process-instances/search')).json().page.totalItems).toBe(4);
  });

  it('rejects bad searches with every wrong field', async () => {
    const p = expectProblem(
      await post('/v2/process-instances/search', {
        filter: { state: 'RUNNING', processInstanceKey: { $like: '1*' }, startDate: { $gt: 'tomorrow' }, nope: 1 },
        sort: [{ field: 'color' }],
        page: { limit: 100001 },
      }),
      400,
      'INVALID_ARGUMENT',
    );
    expect(p.details?.map((d) => d.field).sort()).toEqual([
      'filter.nope',
      'filter.processInstanceKey.$like',
      'filter.startDate.$gt',
      'filter.state',
      'page.limit',
      'sort[0].field',
    ]);
  });

  it('gets one; unknown and malformed keys are problems', async () => {
    expect((await t.app.inject('/v2/process-instances/1002')).json()).toMatchObject({
      processInstanceKey: '1002',
      parentProcessInstanceKey: '1000',
    });
    const missing = expectProblem(await t.app.inject('/v2/process-instances/999'), 404, 'NOT_FOUND');
    expect(missing.instance).toBe('/v2/process-instances/999');
    expect(expectProblem(await t.app.inject('/v2/process-instances/abc'), 400, 'INVALID_ARGUMENT').details).toEqual([
      { field: 'processInstanceKey', message: 'must be a key: a decimal integer string' },
    ]);
  });

  it('cancels, also with an empty JSON body; wrong state is 409', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v2/process-instances/1000/cancellation',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(204);
    expect(t.commands.cancelProcessInstance).toHaveBeenCalledWith('1000');
    t.commands.cancelProcessInstance.mockRejectedValueOnce(new NotFoundError("Process instance '7' not found"));
    expectProblem(await post('/v2/process-instances/7/cancellation', {}), 404, 'NOT_FOUND');
    t.commands.cancelProcessInstance.mockRejectedValueOnce(new FailedPreconditionError('already completed'));
    expectProblem(await post('/v2/process-instances/1001/cancellation', null), 409, 'INVALID_STATE');
  });

  it('lists incidents and element statistics of an instance', async () => {
    const inc = await post('/v2/process-instances/1000/incidents/search', { sort: [{ field: 'creationTime' }] });
    expect(inc.json().items.map((i: { incidentKey: string }) => i.incidentKey)).toEqual(['1100']);
    expectProblem(await post('/v2/process-instances/1000/incidents/search', { filter: {} }), 400, 'INVALID_ARGUMENT');
    expectProblem(await post('/v2/process-instances/4444/incidents/search', {}), 404, 'NOT_FOUND');
    const stats = await t.app.inject('/v2/process-instances/1000/statistics/element-instances');
    expect(stats.json().items).toContainEqual({ elementId: 'charge', active: 0, canceled: 0, incidents: 1, completed: 0 });
  });
});

describe('definitions', () => {
  it('searches, gets and serves XML and the start form', async () => {
    const res = await post('/v2/process-definitions/search', { filter: { isLatestVersion: true, processDefinitionId: 'order' } });
    expect(res.json().items.map((d: { processDefinitionKey: string }) => d.processDefinitionKey)).toEqual(['101']);
    const xml = await t.app.inject('/v2/process-definitions/100/xml');
    expect(xml.headers['content-type']).toMatch(/^text\/xml/);
    expect(xml.body).toContain('<bpmn:process id="order"');
    expect((await t.app.inject('/v2/process-definitions/100/form')).json()).toMatchObject({ formId: 'order-start', formKey: '1501' });
    expect((await t.app.inject('/v2/process-definitions/200/form')).statusCode).toBe(204);
    expectProblem(await t.app.inject('/v2/process-definitions/102'), 404, 'NOT_FOUND');
  });

  it('reads decision definitions and requirements', async () => {
    expect((await t.app.inject('/v2/decision-definitions/1601')).json().decisionDefinitionId).toBe('risk');
    expect((await t.app.inject('/v2/decision-definitions/1601/xml')).body).toContain('drg');
    expect((await post('/v2/decision-requirements/search', {})).json().items).toHaveLength(1);
    expect((await t.app.inject('/v2/decision-requirements/1600')).json().decisionRequirementsName).toBe('Risk rules');
  });

  it('evaluates a decision and names the results like Camunda', async () => {
    t.commands.evaluateDecision.mockResolvedValueOnce({
      decisionKey: '1601',
      decisionId: 'risk',
      decisionName: 'Risk',
      decisionVersion: 1,
      decisionRequirementsId: 'drg',
      decisionRequirementsKey: '1600',
      tenantId: '<default>',
      decisionInstanceKey: '7000',
      decisionOutput: '"low"',
      evaluatedDecisions: [
        {
          decisionId: 'limit',
          decisionName: 'Limit',
          decisionType: 'LITERAL_EXPRESSION',
          decisionOutput: '100',
          evaluatedInputs: [],
          matchedRules: [],
        },
        {
          decisionId: 'risk',
          decisionName: 'Risk',
          decisionType: 'DECISION_TABLE',
          decisionOutput: '"low"',
          evaluatedInputs: [{ inputId: 'i1', inputName: 'Amount', inputValue: '10' }],
          matchedRules: [{ ruleId: 'r1', ruleIndex: 1, evaluatedOutputs: [{ outputId: 'o1', outputName: 'risk', outputValue: '"low"' }] }],
        },
      ],
    });
    const res = await post('/v2/decision-definitions/evaluation', { decisionDefinitionId: 'risk', variables: { amount: 10 } });
    expect(t.commands.evaluateDecision).toHaveBeenCalledWith({
      decisionId: 'risk',
      decisionKey: undefined,
      variables: { amount: 10 },
      tenantId: undefined,
    });
    const body = res.json();
    expect(body).toMatchObject({
      decisionDefinitionId: 'risk',
      decisionDefinitionName: 'Risk',
      decisionDefinitionVersion: 1,
      decisionRequirementsId: 'drg',
      output: '"low"',
      failedDecisionDefinitionId: '',
      failureMessage: '',
      decisionDefinitionKey: '1601',
      decisionRequirementsKey: '1600',
      decisionEvaluationKey: '7000',
    });
    expect(body.evaluatedDecisions[0]).toMatchObject({
      decisionDefinitionId: 'limit',
      decisionDefinitionKey: '1602',
      decisionEvaluationInstanceKey: '7000-1',
    });
    expect(body.evaluatedDecisions[1].matchedRules[0].evaluatedOutputs[0]).toEqual({
      outputId: 'o1',
      outputName: 'risk',
      outputValue: '"low"',
    });
    expectProblem(await post('/v2/decision-definitions/evaluation', { variables: {} }), 400, 'INVALID_ARGUMENT');
  });
});

describe('element instances, messages, signals', () => {
  it('searches element instances and sets variables', async () => {
    const res = await post('/v2/element-instances/search', { filter: { processInstanceKey: '1000', state: 'ACTIVE' } });
    expect(res.json().items.map((e: { elementName: string }) => e.elementName)).toEqual(['Charge & book', 'Approve order']);
    const set = await t.app.inject({
      method: 'PUT',
      url: '/v2/element-instances/1000/variables',
      payload: { variables: { a: 1 }, local: true },
    });
    expect(set.statusCode).toBe(204);
    expect(t.commands.setVariables).toHaveBeenCalledWith({ elementInstanceKey: '1000', variables: { a: 1 }, local: true });
  });

  it('publishes messages and broadcasts signals', async () => {
    const msg = await post('/v2/messages/publication', { name: 'paid', correlationKey: 'A-1', timeToLive: 60000, variables: { ok: true } });
    expect(msg.json()).toEqual({ tenantId: '<default>', messageKey: '6000' });
    expect(t.commands.publishMessage).toHaveBeenCalledWith({
      name: 'paid',
      correlationKey: 'A-1',
      timeToLiveMs: 60000,
      messageId: undefined,
      variables: { ok: true },
      tenantId: undefined,
    });
    await post('/v2/messages/publication', { name: 'ping' });
    expect(t.commands.publishMessage).toHaveBeenLastCalledWith(expect.objectContaining({ correlationKey: '', timeToLiveMs: 0 }));
    expect((await post('/v2/signals/broadcast', { signalName: 'stop' })).json()).toEqual({ tenantId: '<default>', signalKey: '6002' });
    expect(
      expectProblem(await post('/v2/messages/publication', { correlationKey: 1 }), 400, 'INVALID_ARGUMENT').details?.map((d) => d.field),
    ).toEqual(['name', 'correlationKey']);
  });
});

describe('user tasks', () => {
  it('searches and gets tasks, forms and variables', async () => {
    const res = await post('/v2/user-tasks/search', { filter: { candidateGroup: 'finance', state: 'CREATED' } });
    expect(res.json().items.map((u: { userTaskKey: string }) => u.userTaskKey)).toEqual(['1400']);
    expect((await t.app.inject('/v2/user-tasks/1400')).json()).toMatchObject({ userTaskKey: '1400', assignee: 'anna', formKey: '1500' });
    expect((await t.app.inject('/v2/user-tasks/1400/form')).json()).toEqual({
      tenantId: '<default>',
      formId: 'approve-form',
      schema: '{"id":"approve-form","components":[]}',
      version: 1,
      formKey: '1500',
    });
    expect((await t.app.inject('/v2/user-tasks/1402/form')).statusCode).toBe(204);
    const vars = await post('/v2/user-tasks/1400/variables/search?truncateValues=false', { filter: { name: 'big' } });
    expect(vars.json().items[0]).toMatchObject({ name: 'big', isTruncated: false });
    expectProblem(await post('/v2/user-tasks/1400/variables/search', { filter: { value: 'x' } }), 400, 'INVALID_ARGUMENT');
  });

  it('assigns, unassigns and completes', async () => {
    expect((await post('/v2/user-tasks/1400/assignment', { assignee: 'bob', action: 'claim' })).statusCode).toBe(204);
    expect(t.commands.assignUserTask).toHaveBeenCalledWith('1400', 'bob', true, 'claim');
    await post('/v2/user-tasks/1400/assignment', { assignee: 'bob', allowOverride: false });
    expect(t.commands.assignUserTask).toHaveBeenLastCalledWith('1400', 'bob', false, undefined);
    expect((await t.app.inject({ method: 'DELETE', url: '/v2/user-tasks/1400/assignee' })).statusCode).toBe(204);
    expect(t.commands.unassignUserTask).toHaveBeenCalledWith('1400');
    expect((await post('/v2/user-tasks/1400/completion', { variables: { approved: true } })).statusCode).toBe(204);
    expect(t.commands.completeUserTask).toHaveBeenCalledWith('1400', { approved: true }, undefined);
    expect((await post('/v2/user-tasks/1400/completion')).statusCode).toBe(204);
    expect(t.commands.completeUserTask).toHaveBeenLastCalledWith('1400', undefined, undefined);
    expect(expectProblem(await post('/v2/user-tasks/1400/assignment', { assignee: '' }), 400, 'INVALID_ARGUMENT').details?.[0].field).toBe(
      'assignee',
    );
    t.commands.completeUserTask.mockRejectedValueOnce(new FailedPreconditionError('User task 1401 is not active'));
    expectProblem(await post('/v2/user-tasks/1401/completion', {}), 409, 'INVALID_STATE');
  });
});

describe('incidents and variables', () => {
  it('searches, gets and resolves incidents', async () => {
    expect((await post('/v2/incidents/search', { filter: { state: 'ACTIVE' } })).json().items).toHaveLength(1);
    expect((await t.app.inject('/v2/incidents/1100')).json().errorMessage).toBe('card declined');
    expect((await post('/v2/incidents/1100/resolution')).statusCode).toBe(204);
    expect(t.commands.resolveIncident).toHaveBeenCalledWith('1100');
  });

  it('searches variables, cut unless asked otherwise, and gets the full value', async () => {
    const cut = await post('/v2/variables/search', { filter: { name: 'big' } });
    expect(cut.json().items[0]).toMatchObject({ isTruncated: true });
    const full = await post('/v2/variables/search?truncateValues=false', { filter: { name: 'big' } });
    expect(full.json().items[0].value).toHaveLength(9002);
    expect((await t.app.inject('/v2/variables/1200')).json()).toEqual({
      name: 'orderId',
      tenantId: '<default>',
      variableKey: '1200',
      scopeKey: '1000',
      processInstanceKey: '1000',
      value: '"A-1"',
    });
    expectProblem(await post('/v2/variables/search?truncateValues=maybe', {}), 400, 'INVALID_ARGUMENT');
  });
});

describe('jobs', () => {
  it('activates jobs and maps them', async () => {
    t.commands.activateJobs.mockResolvedValueOnce([
      {
        key: '8000',
        type: 'charge',
        processInstanceKey: '1000',
        bpmnProcessId: 'order',
        processDefinitionVersion: 1,
        processDefinitionKey: '100',
        elementId: 'charge',
        elementInstanceKey: '1005',
        customHeaders: { a: 'b' },
        worker: 'w',
        retries: 3,
        deadline: 123,
        variables: { x: 1 },
        tenantId: '<default>',
      },
    ]);
    const res = await post('/v2/jobs/activation', {
      type: 'charge',
      worker: 'w',
      timeout: 30000,
      maxJobsToActivate: 5,
      requestTimeout: 100,
    });
    expect(res.json()).toEqual({
      jobs: [
        {
          type: 'charge',
          processDefinitionId: 'order',
          processDefinitionVersion: 1,
          elementId: 'charge',
          customHeaders: { a: 'b' },
          worker: 'w',
          retries: 3,
          deadline: 123,
          variables: { x: 1 },
          tenantId: '<default>',
          jobKey: '8000',
          processInstanceKey: '1000',
          processDefinitionKey: '100',
          elementInstanceKey: '1005',
          kind: 'BPMN_ELEMENT',
          listenerEventType: 'UNSPECIFIED',
        },
      ],
    });
    expect(t.commands.activateJobs).toHaveBeenCalledWith(
      {
        type: 'charge',
        worker: 'w',
        timeoutMs: 30000,
        maxJobsToActivate: 5,
        fetchVariable: undefined,
        requestTimeoutMs: 100,
        tenantIds: undefined,
      },
      expect.any(AbortSignal),
    );
    expect(
      expectProblem(await post('/v2/jobs/activation', { type: 'charge' }), 400, 'INVALID_ARGUMENT').details?.map((d) => d.field),
    ).toEqual(['timeout', 'maxJobsToActivate']);
  });

  it('completes, fails, throws errors and updates', async () => {
    expect((await post('/v2/jobs/8000/completion', { variables: { paid: true } })).statusCode).toBe(204);
    expect(t.commands.completeJob).toHaveBeenCalledWith('8000', { paid: true }, undefined);
    const adHocResult = {
      type: 'adHocSubProcess',
      activateElements: [{ elementId: 'A', variables: { q: 1 } }],
      isCompletionConditionFulfilled: false,
    };
    expect((await post('/v2/jobs/8001/completion', { result: adHocResult })).statusCode).toBe(204);
    expect(t.commands.completeJob).toHaveBeenLastCalledWith('8001', undefined, { ...adHocResult, isCancelRemainingInstances: false });
    expectProblem(
      await post('/v2/jobs/8001/completion', { result: { type: 'adHocSubProcess', activateElements: [{}] } }),
      400,
      'INVALID_ARGUMENT',
    );
    // A user task listener's verdict (JobResultUserTask; `type` defaults to userTask).
    expect((await post('/v2/jobs/8002/completion', { result: { denied: true, deniedReason: 'no' } })).statusCode).toBe(204);
    expect(t.commands.completeJob).toHaveBeenLastCalledWith('8002', undefined, {
      type: 'userTask',
      denied: true,
      deniedReason: 'no',
      corrections: {},
    });
    expectProblem(await post('/v2/jobs/8002/completion', { result: { corrections: { priority: 101 } } }), 400, 'INVALID_ARGUMENT');
    expect((await post('/v2/jobs/8000/failure', { retries: 2, errorMessage: 'down', retryBackOff: 1000 })).statusCode).toBe(204);
    expect(t.commands.failJob).toHaveBeenCalledWith('8000', {
      retries: 2,
      errorMessage: 'down',
      retryBackOffMs: 1000,
      variables: undefined,
    });
    expect((await post('/v2/jobs/8000/error', { errorCode: 'DECLINED', errorMessage: null })).statusCode).toBe(204);
    expect(t.commands.throwError).toHaveBeenCalledWith('8000', { errorCode: 'DECLINED', errorMessage: undefined, variables: undefined });
    const patch = (payload: unknown) => t.app.inject({ method: 'PATCH', url: '/v2/jobs/8000', payload: payload as never });
    expect((await patch({ changeset: { retries: 5, timeout: 60000 } })).statusCode).toBe(204);
    expect(t.commands.updateJobRetries).toHaveBeenCalledWith('8000', 5);
    expect(t.commands.updateJobTimeout).toHaveBeenCalledWith('8000', 60000);
    expectProblem(await patch({ changeset: { retries: null } }), 400, 'INVALID_ARGUMENT');
    expectProblem(await patch({}), 400, 'INVALID_ARGUMENT');
  });

  it('searches jobs', async () => {
    const res = await post('/v2/jobs/search', { filter: { processInstanceKey: '1000', state: 'FAILED' }, sort: [{ field: 'jobKey' }] });
    expect(res.json().items.map((j: { jobKey: string }) => j.jobKey)).toEqual(['1300', '1302']);
  });
});

it('answers unknown endpoints with a problem', async () => {
  expectProblem(await t.app.inject('/v2/nothing-here'), 404, 'NOT_FOUND');
});
