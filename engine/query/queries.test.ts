import { databaseVariants, type TestDatabase } from '../../db/testing';
import { InvalidArgumentError, NotFoundError } from '../errors';
import { sampleBigValue as big, sampleOrderXml as orderXml, seedSample } from '../../test/engine/query-fixtures';
import { createEngineQueries, type EngineQueries } from './index';

const keysOf = <T>(items: T[], key: keyof T) => items.map((i) => i[key]);

async function rejection(p: Promise<unknown>): Promise<InvalidArgumentError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InvalidArgumentError);
  return err as InvalidArgumentError;
}

describe.each(databaseVariants())('read models on $name', (variant) => {
  let t: TestDatabase;
  let q: EngineQueries;

  beforeAll(async () => {
    t = await variant.open();
    await seedSample(t.db);
    q = createEngineQueries(t.db);
  });
  afterAll(() => t.dispose());

  describe('process definitions', () => {
    it('lists undeleted definitions with Camunda field names', async () => {
      const res = await q.processDefinitions.search({ sort: [{ field: 'processDefinitionKey' }] });
      expect(res.page.totalItems).toBe(3);
      expect(res.items[0]).toEqual({
        name: 'Order to cash',
        resourceName: 'order.bpmn',
        version: 1,
        versionTag: 'v1',
        processDefinitionId: 'order',
        tenantId: '<default>',
        processDefinitionKey: '100',
        hasStartForm: true,
      });
      expect(res.items[2]).toMatchObject({ name: 'invoice', processDefinitionKey: '200', hasStartForm: false });
    });

    it('filters the latest versions', async () => {
      const res = await q.processDefinitions.search({ filter: { isLatestVersion: true }, sort: [{ field: 'processDefinitionId' }] });
      expect(keysOf(res.items, 'processDefinitionKey')).toEqual(['200', '101']);
    });

    it('gets one, its XML and its start form; deleted ones are gone', async () => {
      expect((await q.processDefinitions.get('101')).version).toBe(2);
      expect(await q.processDefinitions.getXml('100')).toBe(orderXml);
      expect(await q.processDefinitions.getStartForm('100')).toMatchObject({ formKey: '1501', formId: 'order-start', version: 1 });
      expect(await q.processDefinitions.getStartForm('200')).toBeUndefined();
      await expect(q.processDefinitions.get('102')).rejects.toBeInstanceOf(NotFoundError);
      await expect(q.processDefinitions.getXml('999')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('process instances', () => {
    it('maps records, with the definition name and version tag', async () => {
      expect(await q.processInstances.get('1000')).toEqual({
        processDefinitionId: 'order',
        processDefinitionName: 'Order to cash',
        processDefinitionVersion: 1,
        processDefinitionVersionTag: 'v1',
        startDate: '2025-01-01T10:00:00.000Z',
        state: 'ACTIVE',
        hasIncident: true,
        tenantId: '<default>',
        processInstanceKey: '1000',
        processDefinitionKey: '100',
      });
      expect(await q.processInstances.get('1002')).toMatchObject({
        processDefinitionName: 'invoice',
        parentProcessInstanceKey: '1000',
        parentElementInstanceKey: '1005',
      });
      await expect(q.processInstances.get('4242')).rejects.toBeInstanceOf(NotFoundError);
    });

    it.each([
      [{ state: 'ACTIVE' }, ['1000', '1002']],
      [{ state: { $in: ['COMPLETED', 'TERMINATED'] } }, ['1001', '1003']],
      [{ state: { $neq: 'ACTIVE' } }, ['1001', '1003']],
      [{ hasIncident: true }, ['1000']],
      [{ hasIncident: false }, ['1001', '1002', '1003']],
      [{ processDefinitionId: 'order' }, ['1000', '1001', '1003']],
      [{ processDefinitionId: { $like: 'ORD*' } }, ['1000', '1001', '1003']],
      [{ processDefinitionKey: { $in: ['100', '200'] } }, ['1000', '1002']],
      [{ processDefinitionName: 'Order to cash', processDefinitionVersion: 2 }, ['1001', '1003']],
      [{ processInstanceKey: '1003' }, ['1003']],
      [{ processInstanceKey: { $notIn: ['1000', '1001'] } }, ['1002', '1003']],
      [{ parentProcessInstanceKey: '1000' }, ['1002']],
      [{ parentProcessInstanceKey: { $exists: false } }, ['1000', '1001', '1003']],
      [{ startDate: { $gte: '2025-01-02T00:00:00Z', $lt: '2025-01-04T00:00:00+00:00' } }, ['1001', '1002']],
      [{ endDate: { $exists: true } }, ['1001', '1003']],
      [{ variables: [{ name: 'orderId', value: '"A-1"' }] }, ['1000']],
      [
        {
          variables: [
            { name: 'customer', value: { $like: '*Müller*' } },
            { name: 'orderId', value: { $in: ['"A-1"', '"B-2"'] } },
          ],
        },
        ['1000'],
      ],
      [{ variables: [{ name: 'orderId', value: '"nope"' }] }, []],
      [{ errorMessage: { $like: '*declined' } }, ['1000']],
      [{ elementId: 'charge', elementInstanceState: 'ACTIVE' }, ['1000']],
      [{ elementId: 'end', elementInstanceState: 'ACTIVE' }, []],
      [{ elementInstanceState: 'COMPLETED' }, ['1000', '1001']],
      [{ state: 'ACTIVE', $or: [{ hasIncident: true }, { processDefinitionId: 'invoice' }] }, ['1000', '1002']],
      [{ $or: [{ processInstanceKey: '1001' }, { processInstanceKey: '1003' }] }, ['1001', '1003']],
    ])('filter %j', async (filter, expected) => {
      const res = await q.processInstances.search({ filter: filter as never });
      expect(keysOf(res.items, 'processInstanceKey')).toEqual(expected);
      expect(res.page.totalItems).toBe(expected.length);
    });

    it('sorts, pages by offset and by cursor, and counts all matches', async () => {
      const sort = [{ field: 'startDate' as const, order: 'DESC' as const }];
      const first = await q.processInstances.search({ sort, page: { from: 0, limit: 2 } });
      expect(keysOf(first.items, 'processInstanceKey')).toEqual(['1003', '1002']);
      expect(first.page.totalItems).toBe(4);
      const next = await q.processInstances.search({ sort, page: { after: first.page.endCursor, limit: 2 } });
      expect(keysOf(next.items, 'processInstanceKey')).toEqual(['1001', '1000']);
      const back = await q.processInstances.search({ sort, page: { before: next.page.startCursor, limit: 2 } });
      expect(keysOf(back.items, 'processInstanceKey')).toEqual(['1003', '1002']);
      const end = await q.processInstances.search({ sort, page: { after: next.page.endCursor } });
      expect(end.items).toEqual([]);
      expect(end.page).toEqual({ totalItems: 4, hasMoreTotalItems: false });
      const byName = await q.processInstances.search({
        sort: [
          { field: 'processDefinitionName', order: 'asc' },
          { field: 'processInstanceKey', order: 'desc' },
        ],
      });
      expect(keysOf(byName.items, 'processInstanceKey')).toEqual(['1003', '1001', '1000', '1002']);
    });

    it('rejects bad input with field details and runs no query', async () => {
      const cases: [unknown, string][] = [
        [{ filter: { nope: 1 } }, 'filter.nope'],
        [{ filter: { processInstanceKey: 'abc' } }, 'filter.processInstanceKey'],
        [{ filter: { state: 'RUNNING' } }, 'filter.state'],
        [{ filter: { startDate: { $gt: 'yesterday' } } }, 'filter.startDate.$gt'],
        [{ filter: { processDefinitionKey: { $like: '1*' } } }, 'filter.processDefinitionKey.$like'],
        [{ filter: { variables: [{ name: 'x' }] } }, 'filter.variables[0].value'],
        [{ filter: { $or: [{ bogus: true }] } }, 'filter.$or[0].bogus'],
        [{ sort: [{ field: 'color' }] }, 'sort[0].field'],
        [{ page: { limit: -1 } }, 'page.limit'],
        [{ page: { from: 1, after: 'x' } }, 'page'],
        [{ page: { after: 'garbage' } }, 'page.after'],
      ];
      for (const [query, field] of cases) {
        const err = await rejection(q.processInstances.search(query as never));
        expect(err.details[0].field).toBe(field);
      }
    });

    it('counts element instances per element', async () => {
      const stats = await q.processInstances.elementStatistics('1000');
      expect(stats).toEqual([
        { elementId: 'start', active: 0, canceled: 0, incidents: 0, completed: 1 },
        { elementId: 'charge', active: 0, canceled: 0, incidents: 1, completed: 0 },
        { elementId: 'approve', active: 1, canceled: 0, incidents: 0, completed: 0 },
      ]);
    });
  });

  describe('element instances', () => {
    it('leaves out the process, names elements from the BPMN and reports incidents', async () => {
      const res = await q.elementInstances.search({ filter: { processInstanceKey: '1000' } });
      expect(keysOf(res.items, 'elementInstanceKey')).toEqual(['1004', '1005', '1006']);
      expect(res.items[1]).toEqual({
        processDefinitionId: 'order',
        startDate: '2025-01-01T10:00:01.000Z',
        elementId: 'charge',
        elementName: 'Charge & book',
        type: 'SERVICE_TASK',
        state: 'ACTIVE',
        hasIncident: true,
        tenantId: '<default>',
        elementInstanceKey: '1005',
        processInstanceKey: '1000',
        processDefinitionKey: '100',
        incidentKey: '1100',
      });
      expect(res.items[2]).toMatchObject({ elementName: 'Approve order', state: 'ACTIVE', hasIncident: false });
      expect(res.items[2].incidentKey).toBeUndefined();
    });

    it.each([
      [{ processInstanceKey: '1000', state: 'ACTIVE' }, ['1005', '1006']],
      [{ state: 'COMPLETED' }, ['1004', '1008']],
      [{ hasIncident: true }, ['1005']],
      [{ incidentKey: '1100' }, ['1005']],
      [{ type: 'USER_TASK' }, ['1006']],
      [{ elementId: { $in: ['end', 'start'] } }, ['1004', '1008']],
      [{ elementInstanceScopeKey: '1000' }, ['1004', '1005', '1006']],
    ])('filter %j', async (filter, expected) => {
      const res = await q.elementInstances.search({ filter: filter as never });
      expect(keysOf(res.items, 'elementInstanceKey')).toEqual(expected);
    });

    it('gets one; the process element is not one', async () => {
      expect((await q.elementInstances.get('1008')).elementName).toBe('end');
      await expect(q.elementInstances.get('1000')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('user tasks', () => {
    it('maps records with the process name', async () => {
      expect(await q.userTasks.get('1400')).toEqual({
        name: 'Approve order',
        state: 'CREATED',
        assignee: 'anna',
        elementId: 'approve',
        candidateGroups: ['sales', 'finance'],
        candidateUsers: [],
        processDefinitionId: 'order',
        creationDate: '2025-01-01T10:00:02.000Z',
        dueDate: '2025-02-01T00:00:00.000Z',
        tenantId: '<default>',
        processDefinitionVersion: 1,
        customHeaders: {},
        priority: 70,
        userTaskKey: '1400',
        elementInstanceKey: '1006',
        processName: 'Order to cash',
        processDefinitionKey: '100',
        processInstanceKey: '1000',
        formKey: '1500',
      });
    });

    it.each([
      [{ state: 'CREATED' }, ['1400', '1402']],
      [{ candidateGroup: 'finance' }, ['1400']],
      [{ candidateGroup: { $in: ['sales', 'x'] } }, ['1400', '1401']],
      [{ candidateGroup: { $neq: 'finance' } }, ['1401', '1402']],
      [{ candidateGroup: { $exists: false } }, ['1402']],
      [{ candidateUser: 'bob' }, ['1402']],
      [{ assignee: { $exists: false }, state: 'CREATED' }, ['1402']],
      [{ assignee: 'anna' }, ['1400']],
      [{ priority: { $gte: 50 } }, ['1400', '1402']],
      [{ dueDate: { $lt: '2025-03-01T00:00:00Z' } }, ['1400']],
      [{ processInstanceKey: '1003' }, ['1402']],
      [{ processDefinitionId: 'order', elementId: 'approve', userTaskKey: { $in: ['1400', '1401'] } }, ['1400', '1401']],
      [{ processInstanceVariables: [{ name: 'orderId', value: '"A-1"' }] }, ['1400']],
      [{ localVariables: [{ name: 'comment', value: { $like: '*check*' } }] }, ['1400']],
      [{ processInstanceVariables: [{ name: 'comment', value: { $exists: true } }] }, []],
    ])('filter %j', async (filter, expected) => {
      const res = await q.userTasks.search({ filter: filter as never });
      expect(keysOf(res.items, 'userTaskKey')).toEqual(expected);
    });

    it('sorts by priority', async () => {
      const res = await q.userTasks.search({ sort: [{ field: 'priority', order: 'DESC' }] });
      expect(keysOf(res.items, 'userTaskKey')).toEqual(['1400', '1402', '1401']);
    });

    it('returns the linked form, or nothing for a task without one', async () => {
      expect(await q.userTasks.getForm('1400')).toEqual({
        tenantId: '<default>',
        formId: 'approve-form',
        schema: '{"id":"approve-form","components":[]}',
        version: 1,
        formKey: '1500',
      });
      expect(await q.userTasks.getForm('1402')).toBeUndefined();
      await expect(q.userTasks.getForm('9')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('searches the variables the task sees', async () => {
      const res = await q.userTasks.searchVariables('1400', { sort: [{ field: 'name' }] });
      expect(keysOf(res.items, 'name')).toEqual(['big', 'comment', 'customer', 'orderId']);
      expect(res.items[0].isTruncated).toBe(true);
      const named = await q.userTasks.searchVariables('1400', { filter: { name: { $like: 'c*' } } });
      expect(keysOf(named.items, 'name')).toEqual(['customer', 'comment']);
    });
  });

  describe('incidents', () => {
    it('searches and gets', async () => {
      const active = await q.incidents.search({ filter: { state: 'ACTIVE' } });
      expect(active.items).toEqual([
        {
          processDefinitionId: 'order',
          errorType: 'JOB_NO_RETRIES',
          errorMessage: 'card declined',
          elementId: 'charge',
          creationTime: '2025-01-01T10:05:00.000Z',
          state: 'ACTIVE',
          tenantId: '<default>',
          incidentKey: '1100',
          processDefinitionKey: '100',
          processInstanceKey: '1000',
          elementInstanceKey: '1005',
          jobKey: '1300',
        },
      ]);
      expect((await q.incidents.search({ filter: { processInstanceKey: '1001', errorType: 'IO_MAPPING_ERROR' } })).page.totalItems).toBe(1);
      expect((await q.incidents.get('1101')).state).toBe('RESOLVED');
      await expect(q.incidents.get('1')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('variables', () => {
    it('searches by instance, scope and name; long values are cut', async () => {
      const res = await q.variables.search({ filter: { processInstanceKey: '1000', scopeKey: '1000' }, sort: [{ field: 'name' }] });
      expect(res.items.map((v) => [v.name, v.isTruncated])).toEqual([
        ['big', true],
        ['customer', false],
        ['orderId', false],
      ]);
      expect(res.items[0].value).toHaveLength(8191);
      expect(res.items[2]).toEqual({
        name: 'orderId',
        tenantId: '<default>',
        variableKey: '1200',
        scopeKey: '1000',
        processInstanceKey: '1000',
        value: '"A-1"',
        isTruncated: false,
      });
      const full = await q.variables.search({ filter: { name: 'big' } }, { truncateValues: false });
      expect(full.items[0]).toMatchObject({ value: big, isTruncated: false });
      expect((await q.variables.search({ filter: { isTruncated: true } })).items.map((v) => v.name)).toEqual(['big']);
      expect((await q.variables.search({ filter: { name: 'orderId', value: '"B-2"' } })).items.map((v) => v.variableKey)).toEqual(['1202']);
    });

    it('gets the full value', async () => {
      expect(await q.variables.get('1204')).toEqual({
        name: 'big',
        tenantId: '<default>',
        variableKey: '1204',
        scopeKey: '1000',
        processInstanceKey: '1000',
        value: big,
      });
      await expect(q.variables.get('77')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('decisions, forms and jobs', () => {
    it('reads decision definitions and requirements', async () => {
      expect(await q.decisionDefinitions.get('1601')).toEqual({
        decisionDefinitionId: 'risk',
        name: 'Risk',
        version: 1,
        decisionRequirementsId: 'drg',
        tenantId: '<default>',
        decisionDefinitionKey: '1601',
        decisionRequirementsKey: '1600',
      });
      expect(await q.decisionDefinitions.getXml('1602')).toBe('<definitions id="drg" />');
      const all = await q.decisionDefinitions.search({
        filter: { decisionRequirementsKey: '1600' },
        sort: [{ field: 'decisionDefinitionId' }],
      });
      expect(keysOf(all.items, 'decisionDefinitionId')).toEqual(['limit', 'risk']);
      expect(await q.decisionRequirements.get('1600')).toEqual({
        decisionRequirementsName: 'Risk rules',
        version: 1,
        decisionRequirementsId: 'drg',
        resourceName: 'drg.dmn',
        tenantId: '<default>',
        decisionRequirementsKey: '1600',
      });
      expect(await q.decisionRequirements.getXml('1600')).toContain('drg');
    });

    it('reads forms', async () => {
      expect((await q.forms.get('1502')).version).toBe(2);
      expect((await q.forms.findLatest('order-start', '<default>'))?.formKey).toBe('1502');
      await expect(q.forms.get('3')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('searches jobs', async () => {
      const created = await q.jobs.search({ filter: { state: 'CREATED' } });
      expect(created.items).toEqual([
        expect.objectContaining({ jobKey: '1301', worker: 'w1', deadline: '2025-01-01T10:10:00.000Z', state: 'CREATED' }),
      ]);
      expect(keysOf((await q.jobs.search({ filter: { hasFailedWithRetriesLeft: true } })).items, 'jobKey')).toEqual(['1302']);
      expect(keysOf((await q.jobs.search({ filter: { deadline: { $lt: '2025-01-02T00:00:00Z' } } })).items, 'jobKey')).toEqual(['1301']);
      expect(keysOf((await q.jobs.search({ sort: [{ field: 'retries' }] })).items, 'jobKey')).toEqual(['1300', '1302', '1301']);
    });
  });
});
