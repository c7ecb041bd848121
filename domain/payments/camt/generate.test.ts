import { schemaPath, SCHEMAS, validateXml } from '../sepa/xsd';
import { generateOpenItems, generateStatement, RETURN_REASONS } from './generate';
import { parseCamt } from './parse';

// The official XSDs are not part of the repository (see domain/payments/schemas/ORIGIN.md); without them these checks are skipped, visibly.
const itWithSchemas = schemaPath(SCHEMAS.pain008) ? it : it.skip;

describe('generateStatement', () => {
  const openItems = generateOpenItems({ seed: 3, accounts: 120 });

  it('is deterministic for a seed', () => {
    const a = generateStatement({ seed: 11, entries: 200, openItems });
    const b = generateStatement({ seed: 11, entries: 200, openItems });
    expect(a.xml).toBe(b.xml);
    expect(generateStatement({ seed: 12, entries: 200, openItems }).xml).not.toBe(a.xml);
  });

  itWithSchemas('writes camt.053.001.08 that the ISO schema accepts', () => {
    const { xml } = generateStatement({ seed: 5, entries: 400, openItems });
    expect(validateXml(xml, 'camt.053.001.08.xsd')).toEqual([]);
  });

  it.each(['001.02', '001.08'] as const)('round-trips through the parser (%s), with returns, charges and every kind', (version) => {
    const { xml, truth } = generateStatement({ seed: 5, entries: 400, openItems, version });
    const file = parseCamt(xml);
    expect(file.version).toBe(version);
    const entries = file.statements[0].entries;
    expect(entries).toHaveLength(400);
    expect(entries.reduce((n, e) => n + e.transactions.length, 0)).toBe(truth.length);
    // Every entry's amount is its transactions plus charges, and the balances add up.
    for (const e of entries) expect(e.amountCents).toBe(e.transactions.reduce((s, t) => s + t.amountCents + (t.chargesCents ?? 0), 0));
    const s = file.statements[0];
    const net = entries.reduce((n, e) => n + (e.creditDebit === 'CRDT' ? e.amountCents : -e.amountCents), 0);
    expect(s.closingBalanceCents! - s.openingBalanceCents!).toBe(net);

    const kinds = new Set(truth.map((t) => t.expected.kind));
    for (const k of ['exact', 'fuzzy', 'partial', 'combined', 'foreign', 'return']) expect(kinds).toContain(k);
    const returns = entries.flatMap((e) => e.transactions.filter((t) => t.isReturn).map((t) => ({ e, t })));
    expect(returns.length).toBeGreaterThan(0);
    for (const { e, t } of returns) {
      expect(e.creditDebit).toBe('DBIT');
      expect(RETURN_REASONS).toContain(t.returnReason);
      expect(t.endToEndId).toBeDefined();
    }
    expect(returns.some(({ t }) => t.chargesCents === 300)).toBe(true);
  });
});
