import fs from 'node:fs';
import path from 'node:path';
import type { System } from '../../server/system';
import { orderFor, post, startTestSystem, waitForOrder } from './system';

jest.setTimeout(90_000);

/** An analyst changes the bureau plan in the DMN table only: other bureaus, other rank, parallel mode. */
describe('bureau plan from the DMN table', () => {
  let system: System;
  beforeAll(async () => {
    system = await startTestSystem();
    const dmn = fs
      .readFileSync(path.join(__dirname, '../../processes/credit-decision.dmn'), 'utf8')
      .replace('["schufa", "infoscore", "creditreform"]', '["creditreform", "infoscore"]')
      .replace('<text>"serial"</text>', '<text>"parallel"</text>');
    await system.zbc.deployResource({ decision: Buffer.from(dmn), name: 'credit-decision.dmn' });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('parallel: every bureau of the plan is asked, the worst answer counts', async () => {
    const order = orderFor('Zugezogen');
    const res = await post(system, '/api/orders', order);
    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'contracted');
    const asked = done.bureauRequests.map((r: { bureau: string; outcome: string }) => `${r.bureau}:${r.outcome}`).sort();
    expect(asked).toEqual(['creditreform:answered', 'infoscore:answered']);
    const results = await system.db('bureau_requests').where({ order_id: res.body.orderId }).select('result');
    expect(done.score).toBe(Math.min(...results.map((r) => r.result.score)));
  });
});
