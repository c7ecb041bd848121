import type { Claim } from '../../domain/payments/provider-payments';
import { allowedRateCounts, paymentPage } from './page';

const limits = { maxRates: 6, minRateCents: 2_500, maxFirstDueDays: 30, reason: '' };

describe('payment page rendering', () => {
  it('offers only rate counts whose rate reaches the minimum', () => {
    expect(allowedRateCounts(24_214, limits)).toEqual([2, 3, 4, 5, 6]);
    expect(allowedRateCounts(7_000, limits)).toEqual([2]);
    expect(allowedRateCounts(4_999, limits)).toEqual([]);
    expect(allowedRateCounts(100_000, { ...limits, maxRates: 0 })).toEqual([]);
    expect(allowedRateCounts(100_000, null)).toEqual([]);
  });

  const claim: Claim = {
    contractAccountId: 'a',
    accountNumber: '412345678901',
    customerName: '<script>alert(1)</script>',
    customerEmail: 'x@example.org',
    paymentMethod: 'bank_transfer',
    hasActiveMandate: false,
    hasActiveAgreement: false,
    items: [
      {
        lineId: 'l1',
        documentNumber: 'B1',
        text: 'Rechnung R1',
        itemType: 'bill',
        category: 'principal',
        status: 'due',
        dueDate: '2026-02-01',
        openCents: 10_000,
      },
      {
        lineId: 'l2',
        documentNumber: 'B2',
        text: 'Rechnung R2',
        itemType: 'bill',
        category: 'principal',
        status: 'disputed',
        dueDate: '2026-02-10',
        openCents: 4_000,
      },
      {
        lineId: 'l3',
        documentNumber: 'B3',
        text: 'Mahngebühr',
        itemType: 'fee',
        category: 'fees',
        status: 'due',
        dueDate: '2026-03-01',
        openCents: 150,
      },
    ],
    principalCents: 10_000,
    feesCents: 150,
    interestCents: 0,
    creditCents: 0,
    disputedCents: 4_000,
    notDueCents: 0,
    totalCents: 10_150,
  };

  it('escapes what the customer controls, shows the disputed item as not demanded, and carries no inline script', () => {
    const html = paymentPage({ claim, token: 'a.b', today: '2026-03-10', providerEnabled: true, limits });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toMatch(/40,00 €[\s\S]*in Klärung – wird nicht gefordert/);
    expect(html).toContain('Posten über 40,00 € haben Sie beanstandet');
    expect(html).toMatch(/id="sum-total"[\s\S]*101,50 €/);
    // Only the JSON data block and the external script.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attrs]) => attrs.trim())).toEqual([
      'type="application/json" id="page-state"',
      'src="/orders/customer-page.js" defer',
    ]);
    expect(html).toContain('data-action="/api/pay/checkouts?token=a.b"');
  });

  it('without a provider no card button; without limits no plan form', () => {
    const html = paymentPage({ claim, token: 't', today: '2026-03-10', providerEnabled: false, limits: null, limitsUnavailable: true });
    expect(html).not.toContain('pay-card');
    expect(html).not.toContain('plan-form');
    expect(html).toContain('mandate-form');
  });
});
