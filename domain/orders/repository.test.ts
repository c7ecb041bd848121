import { randomUUID } from 'node:crypto';
import { databaseVariants, type TestDatabase } from '../../db/testing';
import { loadOrder, OrderNotFoundError, updateOrder } from './repository';

describe.each(databaseVariants())('order repository on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('updateOrder writes the patch, JSON columns as JSON', async () => {
    const [{ id }] = await t.db('orders').insert({ payload: {} }).returning('id');
    await updateOrder(t.db, id, { decision: 'accept', reasons: ['Score 720'], status: 'checking' });
    const order = await loadOrder(t.db, id);
    expect(order).toMatchObject({ decision: 'accept', reasons: ['Score 720'], status: 'checking' });
  });

  // The workers that no longer load the order first rely on this to fail a job for an unknown order.
  it('updateOrder on an order that does not exist is an OrderNotFoundError, as loadOrder', async () => {
    const missing = randomUUID();
    await expect(updateOrder(t.db, missing, { status: 'checking' })).rejects.toThrow(OrderNotFoundError);
    await expect(updateOrder(t.db, missing, { status: 'checking' })).rejects.toThrow(`order ${missing} not found`);
  });
});
