import { createEngineQueries } from '../../engine/query';
import type { System } from '../../server/system';
import {
  attachmentText,
  customerLink,
  incidents,
  mailTo,
  openUserTask,
  orderFor,
  post,
  startTestSystem,
  waitFor,
  waitForOrder,
} from './system';

jest.setTimeout(90_000);

describe('order to contract: review, DNB and bureau variants', () => {
  let system: System;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('yellow: the credit-review task, approved, ends in a contract', async () => {
    const order = orderFor('Gelb', { paymentMethod: 'bank_transfer' });
    const res = await post(system, '/api/orders', order);
    const waiting = await waitForOrder(system, res.body.orderId, (o) => o.status === 'in_credit_review');
    expect(waiting.trafficLight).toBe('yellow');
    const task = await openUserTask(system, res.body.processInstanceKey, 'credit_review');
    const named = await waitForOrder(system, res.body.orderId, (o) => o.openTask !== undefined);
    expect(named).toMatchObject({
      status: 'in_credit_review',
      openTask: { name: task.name, elementId: 'credit_review', userTaskKey: task.userTaskKey },
    });
    expect(task.candidateGroups).toEqual(['credit-review']);
    expect((await createEngineQueries(system.db).userTasks.getForm(task.userTaskKey))?.formId).toBe('credit-review');
    await system.engine!.engine.completeUserTask(task.userTaskKey, { reviewDecision: 'approve', reviewComment: 'Einkommen nachgewiesen' });
    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'contracted' && o.documents.length > 0);
    expect(done.contract.paymentMethod).toBe('bank_transfer');
    const mail = await mailTo(system, order.customer.email, /Auftragsbest/i);
    expect(await attachmentText(mail)).toContain(done.contract.contractNumber);
  });

  it('yellow: the credit-review task, rejected, ends in a rejection letter', async () => {
    const order = orderFor('Gelb');
    const res = await post(system, '/api/orders', order);
    const task = await openUserTask(system, res.body.processInstanceKey, 'credit_review');
    await system.engine!.engine.completeUserTask(task.userTaskKey, { reviewDecision: 'reject', reviewComment: 'zu riskant' });
    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'rejected' && o.documents.length > 0);
    expect(done.reasons.join(' ')).toMatch(/Sachbearbeitung/);
    const mail = await mailTo(system, order.customer.email, /.*/);
    expect(await attachmentText(mail)).toMatch(/SCHUFA/);
  });

  it('missing meter number: DNB mail with a link, data supplied, then the contract', async () => {
    const order = orderFor('Gruen', { withoutMeter: true });
    const res = await post(system, '/api/orders', order);
    const waiting = await waitForOrder(system, res.body.orderId, (o) => o.status === 'awaiting_data');
    expect(waiting.missingData.map((m: { field: string }) => m.field)).toEqual(['meter.meterNumber']);
    const dnb = await mailTo(system, order.customer.email, /.*/);
    const link = customerLink(dnb.text, res.body.orderId, 'data');
    const page = await fetch(`${system.httpUrl}${link.path}`);
    expect(await page.text()).toContain('name="meterNumber"');

    const bad = await post(system, `/api/orders/${res.body.orderId}/data?token=${link.token}`, { meterNumber: '!' });
    expect(bad.status).toBe(400);
    const supplied = await post(system, `/api/orders/${res.body.orderId}/data?token=${link.token}`, { meterNumber: '1ESY 1160 6425' });
    expect(supplied.status).toBe(202);
    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'contracted' && o.documents.length > 0);
    expect(done.missingData).toEqual([]);
    const meter = await system
      .db('meters')
      .join('contracts', 'contracts.meter_id', 'meters.id')
      .where('contracts.order_id', res.body.orderId)
      .first('meters.meter_number');
    expect(meter.meter_number).toBe('1ESY11606425');
  });

  it('one bureau down: the next one is asked', async () => {
    system.simulator!.setUp('schufa', false);
    try {
      const order = orderFor('Gruen');
      const res = await post(system, '/api/orders', order);
      const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'contracted');
      expect(done.bureauRequests.map((r: { bureau: string; outcome: string }) => `${r.bureau}:${r.outcome}`)).toEqual([
        'schufa:failed',
        'infoscore:answered',
      ]);
    } finally {
      system.simulator!.setUp('schufa', true);
    }
  });

  it('all bureaus down: an incident, resolved after the bureau is back', async () => {
    for (const b of ['schufa', 'infoscore', 'creditreform'] as const) system.simulator!.setUp(b, false);
    const order = orderFor('Gruen');
    const res = await post(system, '/api/orders', order);
    const incident = await waitFor(async () => (await incidents(system)).find((i) => i.elementId === 'serial_ask'), 'an incident', 30000);
    expect(incident.errorType).toBe('JOB_NO_RETRIES');
    expect(incident.errorMessage).toMatch(/creditreform/);
    // The incident is in the called credit check; the order says it is stalled there.
    const stalled = await waitForOrder(system, res.body.orderId, (o) => o.status === 'stalled');
    expect(stalled.incident).toEqual({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: incident.errorMessage,
      elementId: 'serial_ask',
      incidentKey: incident.incidentKey,
      processInstanceKey: incident.processInstanceKey,
    });
    expect(stalled.incident.processInstanceKey).not.toBe(res.body.processInstanceKey);
    for (const b of ['schufa', 'infoscore', 'creditreform'] as const) system.simulator!.setUp(b, true);
    await system.engine!.engine.updateJobRetries(incident.jobKey!, 1);
    await system.engine!.engine.resolveIncident(incident.incidentKey);
    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'contracted');
    expect(done.incident).toBeUndefined();
    expect(
      done.bureauRequests.filter((r: { outcome: string }) => r.outcome === 'answered').map((r: { bureau: string }) => r.bureau),
    ).toEqual(['creditreform']);
  });
});
