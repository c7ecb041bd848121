import { createEngineQueries } from '../../engine/query';
import type { System } from '../../server/system';
import { systemHeaders } from '../auth';
import { orderFor, post, startTestSystem, waitFor, waitForOrder } from './system';

jest.setTimeout(90_000);

/** Process instances of the order-to-contract process that carry this order id. */
async function instancesOf(system: System, orderId: string): Promise<string[]> {
  const res = await createEngineQueries(system.db).processInstances.search({
    filter: { processDefinitionId: 'order-to-contract', variables: [{ name: 'orderId', value: JSON.stringify(orderId) }] },
  });
  return res.items.map((i) => i.processInstanceKey);
}

describe('order intake: every accepted order runs exactly once', () => {
  let system: System;
  beforeAll(async () => {
    system = await startTestSystem({ orderStartClaimTimeoutSeconds: 1, orderStartSweepIntervalSeconds: 1 });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('the engine refuses the start: 202 with the order stored, then the sweep starts it once', async () => {
    const spy = jest.spyOn(system.engine!.engine, 'createProcessInstance').mockRejectedValueOnce(new Error('UNAVAILABLE: engine down'));
    try {
      const res = await post(system, '/api/orders', orderFor('Gruen'));
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ processInstanceKey: null, status: 'received', startPending: true });
      const stored = await system.db('orders').where({ id: res.body.orderId }).first();
      expect(stored.process_instance_key).toBeNull();
      const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'contracted');
      expect(done.processInstanceKey).toEqual(expect.any(String));
      expect(await instancesOf(system, res.body.orderId)).toEqual([done.processInstanceKey]);
    } finally {
      spy.mockRestore();
    }
  });

  it('a retry with the same Idempotency-Key starts what a crash left unstarted', async () => {
    const order = orderFor('Gruen');
    const key = `crash-before-start-${Date.now()}`;
    // As a crash after the insert leaves it: stored, claimed by a process that is gone, no instance.
    const spy = jest.spyOn(system.engine!.engine, 'createProcessInstance').mockRejectedValueOnce(new Error('killed'));
    let first;
    try {
      first = await post(system, '/api/orders', order, { 'Idempotency-Key': key });
    } finally {
      spy.mockRestore();
    }
    expect(first.status).toBe(202);
    await system.db('orders').where({ id: first.body.orderId }).update({ start_claimed_by: 'a-killed-process' });
    const retry = await post(system, '/api/orders', order, { 'Idempotency-Key': key });
    expect(retry.status).toBe(200);
    expect(retry.body.orderId).toBe(first.body.orderId);
    expect(retry.body.processInstanceKey).toEqual(expect.any(String));
    await waitForOrder(system, first.body.orderId, (o) => o.status === 'contracted');
    expect(await instancesOf(system, first.body.orderId)).toEqual([retry.body.processInstanceKey]);
  });

  it('a crash after the start but before its key was stored: the retry finds the instance, starts none', async () => {
    const order = orderFor('Gruen');
    const key = `crash-after-start-${Date.now()}`;
    const first = await post(system, '/api/orders', order, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    await waitForOrder(system, first.body.orderId, (o) => o.status === 'contracted');
    // Forget the key, as if the process had died right after the engine's answer.
    await system
      .db('orders')
      .where({ id: first.body.orderId })
      .update({ process_instance_key: null, start_claimed_by: 'a-killed-process' });
    const retry = await post(system, '/api/orders', order, { 'Idempotency-Key': key });
    expect(retry.status).toBe(200);
    expect(retry.body.processInstanceKey).toBe(first.body.processInstanceKey);
    expect(await instancesOf(system, first.body.orderId)).toEqual([first.body.processInstanceKey]);
  });

  it('the sweep repairs such an order without any retry', async () => {
    const res = await post(system, '/api/orders', orderFor('Gruen'));
    await waitForOrder(system, res.body.orderId, (o) => o.status === 'contracted');
    await system.db('orders').where({ id: res.body.orderId }).update({ process_instance_key: null, start_claimed_by: 'a-killed-process' });
    await waitFor(async () => (await system.db('orders').where({ id: res.body.orderId }).first()).process_instance_key, 'the sweep');
    expect((await system.db('orders').where({ id: res.body.orderId }).first()).process_instance_key).toBe(res.body.processInstanceKey);
    expect(await instancesOf(system, res.body.orderId)).toEqual([res.body.processInstanceKey]);
  });

  it('the same Idempotency-Key with another body is a 422 problem; with the same body, the same order', async () => {
    const order = orderFor('Gruen');
    const key = `idem-${Date.now()}`;
    const first = await post(system, '/api/orders', order, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    // The same order, keys in another order and with surrounding spaces: the same normalised body.
    const same = await post(
      system,
      '/api/orders',
      { ...order, customer: { ...order.customer, lastName: ` ${order.customer.lastName} ` } },
      { 'Idempotency-Key': key },
    );
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ orderId: first.body.orderId, processInstanceKey: first.body.processInstanceKey });

    const res = await fetch(`${system.httpUrl}/api/orders`, {
      method: 'POST',
      headers: systemHeaders({ 'content-type': 'application/json', 'Idempotency-Key': key }),
      body: JSON.stringify({ ...order, annualConsumptionKwh: 9999 }),
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const p = (await res.json()) as Record<string, unknown>;
    expect(p).toMatchObject({ status: 422 });
    expect(String(p.detail)).toMatch(/Idempotency-Key/);
    expect(await system.db('orders').where({ idempotency_key: key })).toHaveLength(1);
  });

  it('an e-mail address the mailer would misread is a 400 naming the field; nothing is stored', async () => {
    const order = orderFor('Gruen');
    const before = (await system.db('orders').count({ n: '*' }))[0].n;
    const res = await post(system, '/api/orders', { ...order, customer: { ...order.customer, email: '<svg/onload=alert(1)>@evil.de' } });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'customer.email' })]);
    expect((await system.db('orders').count({ n: '*' }))[0].n).toEqual(before);
  });
});
