/**
 * Incidents in called processes show on their callers, as Camunda 8.8 propagates them up the call
 * tree: the parent's `hasIncident` (result, filter, sort), the call activity in the element
 * statistics and element instances. Own incidents are unchanged; resolved ones count nowhere.
 */
import { databaseVariants, type TestDatabase } from '../../db/testing';
import { elementInstance, incident, insertRecords, processDefinition, processInstance } from '../../test/engine/query-fixtures';
import { createEngineQueries, type EngineQueries } from './index';

describe.each(databaseVariants())('incidents of called instances on $name', (variant) => {
  let t: TestDatabase;
  let q: EngineQueries;

  beforeAll(async () => {
    t = await variant.open();
    await insertRecords(t.db, 'process-definition', [
      processDefinition({ key: '10', bpmnProcessId: 'parent' }),
      processDefinition({ key: '20', bpmnProcessId: 'child' }),
      processDefinition({ key: '30', bpmnProcessId: 'grandchild' }),
    ]);
    // 1: parent → 2: child → 3: grandchild with an incident. 4: parent whose child 5 had a resolved incident. 6: no calls.
    await insertRecords(t.db, 'process-instance', [
      processInstance({ key: '1', processDefinitionKey: '10', bpmnProcessId: 'parent' }),
      processInstance({
        key: '2',
        processDefinitionKey: '20',
        bpmnProcessId: 'child',
        parentProcessInstanceKey: '1',
        parentElementInstanceKey: '11',
      }),
      processInstance({
        key: '3',
        processDefinitionKey: '30',
        bpmnProcessId: 'grandchild',
        parentProcessInstanceKey: '2',
        parentElementInstanceKey: '21',
        hasIncident: true,
      }),
      processInstance({ key: '4', processDefinitionKey: '10', bpmnProcessId: 'parent' }),
      processInstance({
        key: '5',
        processDefinitionKey: '20',
        bpmnProcessId: 'child',
        parentProcessInstanceKey: '4',
        parentElementInstanceKey: '41',
      }),
      processInstance({ key: '6', processDefinitionKey: '10', bpmnProcessId: 'parent' }),
    ]);
    await insertRecords(t.db, 'element-instance', [
      elementInstance({ key: '11', processInstanceKey: '1', processDefinitionKey: '10', elementId: 'call', type: 'CALL_ACTIVITY' }),
      elementInstance({
        key: '12',
        processInstanceKey: '1',
        processDefinitionKey: '10',
        elementId: 'start',
        type: 'START_EVENT',
        state: 'COMPLETED',
      }),
      elementInstance({ key: '21', processInstanceKey: '2', processDefinitionKey: '20', elementId: 'call', type: 'CALL_ACTIVITY' }),
      elementInstance({ key: '31', processInstanceKey: '3', processDefinitionKey: '30', elementId: 'work', incidentKey: '90' }),
      elementInstance({ key: '41', processInstanceKey: '4', processDefinitionKey: '10', elementId: 'call', type: 'CALL_ACTIVITY' }),
      elementInstance({ key: '51', processInstanceKey: '5', processDefinitionKey: '20', elementId: 'work' }),
    ]);
    await insertRecords(t.db, 'incident', [
      incident({ key: '90', processInstanceKey: '3', elementInstanceKey: '31', elementId: 'work', processDefinitionKey: '30' }),
      incident({
        key: '91',
        processInstanceKey: '5',
        elementInstanceKey: '51',
        elementId: 'work',
        processDefinitionKey: '20',
        state: 'RESOLVED',
      }),
    ]);
    q = createEngineQueries(t.db);
  });
  afterAll(() => t.dispose());

  it('reports hasIncident on every caller up the tree', async () => {
    const res = await q.processInstances.search({ sort: [{ field: 'processInstanceKey' }] });
    expect(res.items.map((i) => [i.processInstanceKey, i.hasIncident])).toEqual([
      ['1', true],
      ['2', true],
      ['3', true],
      ['4', false],
      ['5', false],
      ['6', false],
    ]);
    expect((await q.processInstances.get('1')).hasIncident).toBe(true);
  });

  it('filters and sorts by it', async () => {
    const withIncident = await q.processInstances.search({ filter: { hasIncident: true, processDefinitionId: 'parent' } });
    expect(withIncident.items.map((i) => i.processInstanceKey)).toEqual(['1']);
    expect(withIncident.page.totalItems).toBe(1);
    const without = await q.processInstances.search({ filter: { hasIncident: false } });
    expect(without.items.map((i) => i.processInstanceKey)).toEqual(['4', '5', '6']);
    const sorted = await q.processInstances.search({ sort: [{ field: 'hasIncident', order: 'DESC' }] });
    expect(sorted.items.map((i) => i.processInstanceKey)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('counts the call activity as an incident in the statistics', async () => {
    expect(await q.processInstances.elementStatistics('1')).toEqual([
      { elementId: 'call', active: 0, canceled: 0, incidents: 1, completed: 0 },
      { elementId: 'start', active: 0, canceled: 0, incidents: 0, completed: 1 },
    ]);
    expect(await q.processInstances.elementStatistics('4')).toEqual([
      { elementId: 'call', active: 1, canceled: 0, incidents: 0, completed: 0 },
    ]);
  });

  it('marks the call activity instance, without an incident key of its own', async () => {
    const res = await q.elementInstances.search({ filter: { hasIncident: true }, sort: [{ field: 'elementInstanceKey' }] });
    expect(res.items.map((e) => e.elementInstanceKey)).toEqual(['11', '21', '31']);
    expect(res.items[0].incidentKey).toBeUndefined();
    expect((await q.elementInstances.get('41')).hasIncident).toBe(false);
  });
});
