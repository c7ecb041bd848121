import type { System } from '../../server/system';
import { customerLink, mailTo, orderFor, post, startTestSystem, waitFor, waitForOrder } from './system';

jest.setTimeout(90_000);

const DAY = 24 * 3600 * 1000;

describe('DNB deadlines on the pinned engine clock', () => {
  let system: System;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('reminds after 7 days and cancels after 21 days without data', async () => {
    const order = orderFor('Gruen', { withoutMeter: true });
    const started = Date.now();
    const res = await post(system, '/api/orders', order);
    await waitForOrder(system, res.body.orderId, (o) => o.status === 'awaiting_data');
    await mailTo(system, order.customer.email, /.*/);
    // The deadlines start when the process waits for the data, a moment after the mail went out.
    const timers = () =>
      [...system.engine!.engine.store.values('timer')].filter((t) => t.processInstanceKey === res.body.processInstanceKey);
    await waitFor(async () => timers().length > 0, 'the DNB deadlines');

    await system.engine!.engine.pinClock(started + 8 * DAY);
    const reminder = await mailTo(system, order.customer.email, /Erinnerung|erinner/i);
    const link = customerLink(reminder.text, res.body.orderId, 'data');
    expect((await waitForOrder(system, res.body.orderId, () => true)).status).toBe('awaiting_data');

    await system.engine!.engine.pinClock(started + 22 * DAY);
    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'cancelled');
    expect(done.contract).toBeNull();
    expect(done.reasons.join(' ')).toMatch(/21 Tagen/);
    const late = await post(system, `/api/orders/${res.body.orderId}/data?token=${link.token}`, { meterNumber: '1ESY11606425' });
    expect(late.status).toBe(409);
  });
});
