import { loadSettings } from '../../config/settings';
import type { System } from '../../server/system';
import { createBureauAdapters } from '../../workers/bureaus';
import { createDocumentStore, createTemplateRenderer, type PdfRenderer } from '../../workers/documents';
import { createMailer } from '../../workers/mail';
import { createHandlers } from '../../workers/order-to-contract';
import { openUserTask, orderFor, post, startTestSystem, waitFor, waitForOrder } from './system';

jest.setTimeout(90_000);

describe('duplicates and idempotent workers', () => {
  let system: System;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('duplicate: the same person at the same address goes to the duplicate-review task; reject ends it', async () => {
    const first = orderFor('Gruen');
    const a = await post(system, '/api/orders', first);
    await waitForOrder(system, a.body.orderId, (o) => o.status === 'contracted');
    const second = { ...first, meter: { meterNumber: `${first.meter.meterNumber}9` } };
    const b = await post(system, '/api/orders', second);
    const task = await openUserTask(system, b.body.processInstanceKey, 'review_duplicate');
    expect(task.candidateGroups).toEqual(['case-worker']);
    // The calling system sees where the order waits, and which task.
    const waiting = await waitForOrder(system, b.body.orderId, (o) => o.status === 'in_duplicate_review');
    expect(waiting.openTask).toEqual({ name: task.name, elementId: 'review_duplicate', userTaskKey: task.userTaskKey });
    expect(waiting.incident).toBeUndefined();
    await system.engine!.engine.completeUserTask(task.userTaskKey, { duplicateDecision: 'reject' });
    const done = await waitForOrder(system, b.body.orderId, (o) => o.status === 'rejected' && o.documents.length > 0);
    expect(done.reasons.join(' ')).toMatch(/Dublette/);
    expect(done.bureauRequests).toEqual([]);
    expect(done.openTask).toBeUndefined();
  });

  it('a retried job creates no second contract, letter or mail', async () => {
    const order = orderFor('Gruen');
    const res = await post(system, '/api/orders', order);
    const orderId = res.body.orderId as string;
    await waitForOrder(system, orderId, (o) => o.status === 'contracted' && o.documents.length > 0);
    await system.mailSink!.waitFor((m) => m.to.includes(order.customer.email));
    await waitFor(
      async () =>
        await system
          .db('outbound_mails')
          .where({ business_key: `order:${orderId}:confirmation`, status: 'sent' })
          .first(),
      'mail marked sent',
    );
    const counts = async () => ({
      contracts: (await system.db('contracts').where({ order_id: orderId })).length,
      customers: (await system.db('customers').where({ created_by_order_id: orderId })).length,
      documents: (await system.db('documents').where({ order_id: orderId })).length,
      mails: system.mailSink!.list().filter((m) => m.to.includes(order.customer.email)).length,
    });
    const before = await counts();
    expect(before).toEqual({ contracts: 1, customers: 1, documents: 1, mails: 1 });

    const settings = { ...loadSettings({}), ...system.settings };
    const renders: string[] = [];
    const pdf: PdfRenderer = {
      render: async (html) => {
        renders.push(html);
        return Buffer.from('%PDF-1.4');
      },
      close: async () => {},
    };
    const mailer = createMailer({ smtpHost: '127.0.0.1', smtpPort: settings.smtpPort, from: settings.mailFrom });
    const h = createHandlers({
      db: system.db,
      settings,
      adapters: createBureauAdapters(settings),
      templates: createTemplateRenderer(),
      documents: createDocumentStore(system.db),
      pdf: async () => pdf,
      mailer,
    });
    try {
      const vars = { orderId };
      await h['order.persist-contract'](vars);
      await h['document.render-order-confirmation'](vars);
      await h['mail.send-order-confirmation'](vars);
    } finally {
      mailer.close();
    }
    expect(renders).toEqual([]);
    expect(await counts()).toEqual(before);
  });
});
