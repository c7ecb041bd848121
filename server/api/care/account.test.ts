/**
 * The account screen's API over HTTP: case workers only, the search's and the view's problems, and
 * the process instances of a customer read from the embedded engine's read models with their
 * cockpit links, or without the embedded engine through the SDK's search of a cluster (the
 * product's own /v2 stands in for it).
 */
import Fastify from 'fastify';
import type { System } from '../../system';
import { signIn, type SignedIn } from '../../../test/auth';
import { startSecuritySystem } from '../../../test/security/system';
import { chain, process as bpmnProcess } from '../../../test/bpmn';
import { seedCustomerHistory, type SeededHistory } from '../../../domain/care/test-fixtures';
import { clusterSettingsOf } from '../../cluster/testing';
import { registerCareAccountRoutes } from './account';

let system: System;
let caseworker: SignedIn;
let analyst: SignedIn;
let customer: SeededHistory;

beforeAll(async () => {
  system = await startSecuritySystem();
  caseworker = await signIn(system.httpUrl, 'caseworker');
  analyst = await signIn(system.httpUrl, 'analyst');
  customer = await seedCustomerHistory(system.db, { months: 3, from: '2026-01', lastName: 'Kontoblick' });
}, 60_000);
afterAll(async () => {
  await system?.stop();
});

async function get(path: string, headers: Record<string, string>) {
  const res = await fetch(`${system.httpUrl}${path}`, { headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

describe('account screen API', () => {
  it('finds a customer by IBAN and by name for a case worker', async () => {
    const byIban = await get(`/api/care/customers?q=${encodeURIComponent(customer.iban.toLowerCase())}`, caseworker.headers);
    expect(byIban.status).toBe(200);
    expect(byIban.body.items).toEqual([expect.objectContaining({ customerNumber: customer.customerNumber, matchedBy: 'iban' })]);
    const byName = await get('/api/care/customers?q=kontobl', caseworker.headers);
    expect(byName.body.items.map((c: { lastName: string }) => c.lastName)).toEqual(['Kontoblick']);
  });

  it('names a missing or too short query, and an unknown customer, as problems', async () => {
    for (const path of ['/api/care/customers', '/api/care/customers?q=x']) {
      const res = await get(path, caseworker.headers);
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.details).toEqual([expect.objectContaining({ field: expect.stringContaining('q') })]);
    }
    const unknown = await get('/api/care/customers/K00000000', caseworker.headers);
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('application/problem+json');
  });

  it('keeps customers from analysts', async () => {
    expect((await get('/api/care/customers?q=kontobl', analyst.headers)).status).toBe(403);
    expect((await get(`/api/care/customers/${customer.customerNumber}`, analyst.headers)).status).toBe(403);
  });

  it("shows the customer's process instances from the engine, with cockpit links", async () => {
    const xml = bpmnProcess('care-account-test', [
      '<bpmn:startEvent id="start"/>',
      '<bpmn:serviceTask id="wait"><bpmn:extensionElements><zeebe:taskDefinition type="care-account-test-wait"/></bpmn:extensionElements></bpmn:serviceTask>',
      '<bpmn:endEvent id="end"/>',
      ...chain('start', 'wait', 'end'),
    ]);
    await system.engine!.commands.deployResources([{ name: 'care-account-test.bpmn', content: Buffer.from(xml) }]);
    const mine = await system.engine!.commands.createProcessInstance({
      bpmnProcessId: 'care-account-test',
      variables: { contractAccountId: customer.accountId },
    });
    const other = await system.engine!.commands.createProcessInstance({
      bpmnProcessId: 'care-account-test',
      variables: { contractAccountId: '00000000-0000-0000-0000-000000000000' },
    });
    const view = await get(`/api/care/customers/${customer.customerNumber}`, caseworker.headers);
    expect(view.status).toBe(200);
    const keys = view.body.processInstances.map((p: { processInstanceKey: string }) => p.processInstanceKey);
    expect(keys).toContain(mine.processInstanceKey);
    expect(keys).not.toContain(other.processInstanceKey);
    expect(
      view.body.processInstances.find((p: { processInstanceKey: string }) => p.processInstanceKey === mine.processInstanceKey),
    ).toMatchObject({
      processDefinitionId: 'care-account-test',
      state: 'ACTIVE',
      cockpitUrl: `/cockpit#/instances/${mine.processInstanceKey}`,
    });
    expect(view.body).toMatchObject({ customer: { customerNumber: customer.customerNumber }, balanceCents: customer.balanceCents });
  });

  it('without an embedded engine reads them through the SDK, and calls them unavailable when that search fails', async () => {
    const mine = await system.engine!.commands.createProcessInstance({
      bpmnProcessId: 'care-account-test',
      variables: { contractAccountId: customer.accountId },
    });
    const cluster = await clusterSettingsOf(system);
    const viewWith = async (settings: typeof cluster.settings) => {
      const app = Fastify({ logger: false });
      await registerCareAccountRoutes(app, { db: system.db, settings, zbc: () => system.zbc });
      const res = await app.inject(`/api/care/customers/${customer.customerNumber}`);
      await app.close();
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    try {
      const view = await viewWith(cluster.settings);
      expect(
        view.processInstances.find((p: { processInstanceKey: string }) => p.processInstanceKey === mine.processInstanceKey),
      ).toMatchObject({
        processDefinitionId: 'care-account-test',
        state: 'ACTIVE',
        cockpitUrl: `/cockpit#/instances/${mine.processInstanceKey}`,
      });
      // Nothing listens there: the account shows, its instances as unavailable (null).
      const down = await viewWith({ ...cluster.settings, zeebeRestAddress: 'http://127.0.0.1:9' });
      expect(down).toMatchObject({ customer: { customerNumber: customer.customerNumber }, processInstances: null });
    } finally {
      await cluster.close();
    }
  });
});
