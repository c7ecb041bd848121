/**
 * The customer's pages in a real browser, under the product's Content-Security-Policy: the
 * missing-data form from the DNB mail, and the prepayment offer with its accept button.
 */
import { customerLink, mailTo, orderFor, post, waitForOrder } from '../e2e/system';
import { openBrowserSession, type BrowserSession } from './session';

jest.setTimeout(120_000);

describe('customer pages in the browser', () => {
  let s: BrowserSession;
  beforeAll(async () => { s = await openBrowserSession({ width: 800, height: 900 }); });
  afterAll(async () => { await s?.close(); });

  it('the DNB form sends the meter number and the order gets its contract', async () => {
    const order = orderFor('Gruen', { withoutMeter: true });
    const res = await post(s.system, '/api/orders', order);
    await waitForOrder(s.system, res.body.orderId, (o) => o.status === 'awaiting_data');
    const link = customerLink((await mailTo(s.system, order.customer.email, /vervollständigen/)).text, res.body.orderId, 'data');
    await s.page.goto(`${s.system.httpUrl}${link.path}`);
    await s.page.type('input[name=meterNumber]', '1ESY 1160 6425');
    await s.page.click('button[type=submit]');
    await s.page.waitForFunction(() => /Vielen Dank/.test(document.getElementById('msg')?.textContent ?? ''), { timeout: 10_000 });
    await waitForOrder(s.system, res.body.orderId, (o) => o.status === 'contracted');
    expect(s.cspViolations).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  it('the prepayment offer page accepts the offer', async () => {
    const order = orderFor('Rot');
    const res = await post(s.system, '/api/orders', order);
    await waitForOrder(s.system, res.body.orderId, (o) => o.status === 'prepayment_offered');
    const link = customerLink((await mailTo(s.system, order.customer.email, /Angebot/)).text, res.body.orderId, 'offer');
    await s.page.goto(`${s.system.httpUrl}${link.path}`);
    await s.page.click('input[name=accept]');
    await s.page.click('button[type=submit]');
    await s.page.waitForFunction(() => /angenommen/.test(document.getElementById('msg')?.textContent ?? ''), { timeout: 10_000 });
    const stored = await s.system.db('orders').where({ id: res.body.orderId }).first('prepayment_accepted_at');
    expect(stored.prepayment_accepted_at).not.toBeNull();
    expect(s.cspViolations).toEqual([]);
  });
});
