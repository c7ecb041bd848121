/**
 * The customer's pages in a real browser, under the product's Content-Security-Policy: the
 * missing-data form from the DNB mail, and the prepayment offer with its accept button.
 */
import { customerLink, mailTo, orderFor, post, waitForOrder } from '../e2e/system';
import path from 'node:path';
import { openBrowserSession, SHOTS, type BrowserSession } from './session';

/** WCAG contrast ratio of two computed CSS colours (rgb()/rgba()). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? [])
      .slice(0, 3)
      .map(Number)
      .map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

jest.setTimeout(120_000);

describe('customer pages in the browser', () => {
  let s: BrowserSession;
  beforeAll(async () => {
    s = await openBrowserSession({ width: 800, height: 900 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the DNB form sends the meter number and the order gets its contract', async () => {
    const order = orderFor('Gruen', { withoutMeter: true });
    const res = await post(s.system, '/api/orders', order);
    await waitForOrder(s.system, res.body.orderId, (o) => o.status === 'awaiting_data');
    const link = customerLink((await mailTo(s.system, order.customer.email, /vervollständigen/)).text, res.body.orderId, 'data');
    await s.page.goto(`${s.system.httpUrl}${link.path}`);
    // Branded and labelled: the input has its label and hint.
    expect(await s.page.$eval('header.brand', (h) => h.textContent)).toMatch(/Rheinstrom/);
    expect(await s.page.$eval('label[for=f-meterNumber]', (l) => l.textContent)).toMatch(/Zählernummer/);
    expect(await s.page.$eval('#f-meterNumber', (i) => i.getAttribute('aria-describedby'))).toBe('hint-meterNumber');
    const colour = (sel: string, prop: 'color' | 'backgroundColor') =>
      s.page.$eval(sel, (el, p) => getComputedStyle(el)[p as 'color'], prop);
    expect(contrast(await colour('body', 'color'), await colour('main', 'backgroundColor'))).toBeGreaterThanOrEqual(4.5);
    expect(
      contrast(await colour('button[type=submit]', 'color'), await colour('button[type=submit]', 'backgroundColor')),
    ).toBeGreaterThanOrEqual(4.5);

    // Nothing entered: a German error at the input, before anything is sent.
    await s.page.click('button[type=submit]');
    await s.page.waitForSelector('#err-meterNumber:not([hidden])');
    expect(await s.page.$eval('#err-meterNumber', (e) => e.textContent)).toBe('Zählernummer ist eine Pflichtangabe.');

    // A wrong meter number: the server's field error, in German, joined to the input, which gets the focus.
    await s.page.type('input[name=meterNumber]', '!');
    await s.page.click('button[type=submit]');
    await s.page.waitForFunction(() => /ungültiges Format/.test(document.getElementById('err-meterNumber')?.textContent ?? ''), {
      timeout: 10_000,
    });
    const field = await s.page.$eval('#f-meterNumber', (i) => ({
      invalid: i.getAttribute('aria-invalid'),
      describedBy: i.getAttribute('aria-describedby'),
      focused: document.activeElement === i,
    }));
    expect(field).toEqual({ invalid: 'true', describedBy: 'hint-meterNumber err-meterNumber', focused: true });
    expect(await s.page.$eval('#err-meterNumber', (e) => e.textContent)).toBe('Zählernummer hat ein ungültiges Format.');
    const summary = await s.page.$eval('#errors', (e) => ({ role: e.getAttribute('role'), text: e.textContent ?? '' }));
    expect(summary.role).toBe('alert');
    expect(summary.text).toContain('Zählernummer hat ein ungültiges Format.');
    expect(await s.page.evaluate(() => document.body.innerText)).not.toMatch(/invalid format|meter\.meterNumber/);
    expect(contrast(await colour('#err-meterNumber', 'color'), await colour('main', 'backgroundColor'))).toBeGreaterThanOrEqual(4.5);
    await s.page.screenshot({ path: path.join(SHOTS, 'customer-data-form-error.png') });

    await s.page.$eval('#f-meterNumber', (i) => {
      (i as HTMLInputElement).value = '';
    });
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

  it('the API reference renders under the same CSP', async () => {
    await s.page.goto(`${s.system.httpUrl}/api/docs`);
    await s.page.waitForSelector('.swagger-ui .opblock', { timeout: 20_000 });
    const text = await s.page.evaluate(() => document.body.innerText);
    expect(text).toContain('/api/orders/{id}');
    expect(text).toMatch(/Authorize/);
    expect(s.cspViolations).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
