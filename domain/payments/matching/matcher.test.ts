import { createMatcher, makeRf, type MatchInput, type OpenItemCandidate } from '.';

function item(over: Partial<OpenItemCandidate> & { lineId: string; accountId: string }): OpenItemCandidate {
  return {
    accountNumber: '400000000001',
    customerNumber: 'K10000001',
    contractNumbers: ['V-100000001'],
    documentNumber: `R-2025-${over.lineId.replace(/\D/g, '').padStart(8, '0')}`,
    holderNames: ['Max Mustermann'],
    openCents: 10000,
    dueDate: '2025-01-15',
    endToEndIds: [],
    ...over,
  };
}

const credit = (over: Partial<MatchInput>): MatchInput => ({
  amountCents: 10000,
  remittance: '',
  isReturn: false,
  creditDebit: 'CRDT',
  ...over,
});

describe('createMatcher', () => {
  const a1 = item({ lineId: 'a-1', accountId: 'A', documentNumber: 'R-2025-11112222', dueDate: '2025-01-15', endToEndIds: ['E2E-A1'] });
  const a2 = item({
    lineId: 'a-2',
    accountId: 'A',
    documentNumber: 'R-2025-11113333',
    dueDate: '2025-02-15',
    openCents: 5000,
    creditorReference: makeRf('202511113333'),
  });
  const b1 = item({
    lineId: 'b-1',
    accountId: 'B',
    accountNumber: '400000000002',
    customerNumber: 'K20000002',
    contractNumbers: ['V-100000002'],
    documentNumber: 'R-2025-55556666',
    holderNames: ['Erika Beispiel'],
    openCents: 7000,
  });

  it('matches our own debit by end-to-end id, and re-opens the line on its return', () => {
    const m = createMatcher([a1, a2, b1]);
    expect(m.match(credit({ endToEndId: 'E2E-A1' }))).toMatchObject({
      status: 'matched',
      method: 'end_to_end',
      accountId: 'A',
      allocations: [{ lineId: 'a-1', cents: 10000 }],
    });
    expect(m.openCents('a-1')).toBe(0);
    const ret = m.match({
      ...credit({ endToEndId: 'E2E-A1', returnReason: 'AM04', chargesCents: 300 }),
      creditDebit: 'DBIT',
      isReturn: true,
    });
    expect(ret).toMatchObject({ status: 'matched', method: 'end_to_end', accountId: 'A', allocations: [{ lineId: 'a-1', cents: -10000 }] });
    expect(m.openCents('a-1')).toBe(10000);
  });

  it('matches a structured RF reference and keeps an overpayment as credit', () => {
    const m = createMatcher([a1, a2, b1]);
    const r = m.match(credit({ creditorReference: a2.creditorReference, amountCents: 20000 }));
    expect(r).toMatchObject({ status: 'matched', method: 'creditor_reference', accountId: 'A', surplusCents: 5000 });
    if (r.status === 'matched')
      expect(r.allocations).toEqual([
        { lineId: 'a-2', cents: 5000 },
        { lineId: 'a-1', cents: 10000 },
      ]);
  });

  it('finds a document number with a swapped digit, a missing dash and lower case', () => {
    const m = createMatcher([a1, a2, b1]);
    const r = m.match(
      credit({
        remittance: 'rechnung nr. r2025 55556 666'.replace('55556 666', '55565 666'),
        amountCents: 7000,
        counterpartyName: 'Erika Beispiel',
      }),
    );
    expect(r).toMatchObject({ status: 'matched', method: 'reference_text', accountId: 'B', allocations: [{ lineId: 'b-1', cents: 7000 }] });
  });

  it('allocates a payment by customer number oldest first, partly, and the next payment sees less open', () => {
    const m = createMatcher([a1, a2, b1]);
    expect(m.match(credit({ remittance: 'Kd-Nr. K 1000 0001', amountCents: 12000 }))).toMatchObject({
      status: 'matched',
      allocations: [
        { lineId: 'a-1', cents: 10000 },
        { lineId: 'a-2', cents: 2000 },
      ],
    });
    // Only 30.00 left on the account: 40.00 no longer fits.
    expect(m.match(credit({ remittance: 'Kd-Nr. K10000001', amountCents: 4000 })).status).toBe('unmatched');
    expect(m.match(credit({ remittance: 'Kd-Nr. K10000001', amountCents: 3000 }))).toMatchObject({
      status: 'matched',
      allocations: [{ lineId: 'a-2', cents: 3000 }],
    });
  });

  it('clears several invoices named in one transfer', () => {
    const m = createMatcher([a1, a2, b1]);
    const r = m.match(credit({ remittance: 'Rechnungen R-2025-11112222 und R-2025-11113333', amountCents: 15000 }));
    expect(r).toMatchObject({ status: 'matched', accountId: 'A', surplusCents: 0 });
  });

  it('returns unmatched with both accounts when a typo fits two of them', () => {
    // 11112222 with one digit wrong could be A's invoice or C's; both amounts fit.
    const c1 = item({
      lineId: 'c-1',
      accountId: 'C',
      accountNumber: '400000000003',
      customerNumber: 'K10000003',
      contractNumbers: ['V-100000003'],
      documentNumber: 'R-2025-11112232',
      holderNames: ['Otto Normal'],
    });
    const m = createMatcher([a1, a2, b1, c1]);
    const r = m.match(credit({ remittance: 'Rechnung R-2025-11112242', amountCents: 10000, counterpartyName: 'Hausverwaltung X' }));
    expect(r.status).toBe('unmatched');
    if (r.status === 'unmatched') expect(r.candidates.map((c) => c.accountId).sort()).toEqual(['A', 'C']);
  });

  it('matches by amount and name only when unique', () => {
    const twin = item({
      lineId: 'd-1',
      accountId: 'D',
      accountNumber: '400000000004',
      customerNumber: 'K10000004',
      contractNumbers: ['V-100000004'],
      documentNumber: 'R-2025-77778888',
      holderNames: ['Erika Beispiel'],
      openCents: 7000,
    });
    expect(
      createMatcher([a1, b1]).match(credit({ amountCents: 7000, counterpartyName: 'BEISPIEL, ERIKA', remittance: 'Abschlag' })),
    ).toMatchObject({ status: 'matched', method: 'amount_name', accountId: 'B' });
    const r = createMatcher([a1, b1, twin]).match(
      credit({ amountCents: 7000, counterpartyName: 'Erika Beispiel', remittance: 'Abschlag' }),
    );
    expect(r.status).toBe('unmatched');
    if (r.status === 'unmatched') expect(r.candidates.map((c) => c.accountId).sort()).toEqual(['B', 'D']);
  });

  it('leaves unrelated money alone', () => {
    const m = createMatcher([a1, a2, b1]);
    expect(
      m.match(
        credit({ remittance: 'Erstattung ESt 2024 StNr 123/456/78901', counterpartyName: 'Finanzamt Musterstadt', amountCents: 48213 }),
      ).status,
    ).toBe('unmatched');
  });
});
