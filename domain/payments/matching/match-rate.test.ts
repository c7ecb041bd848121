import { generateOpenItems, generateStatement } from '../camt/generate';
import { parseCamt } from '../camt/parse';
import { createMatcher } from '.';

// End to end on generated data: statement XML → parser → matcher, compared with the generator's truth.
it('matches ≥ 97 % of the matchable transactions automatically, none wrongly, no foreign money', () => {
  const openItems = generateOpenItems({ seed: 2025, accounts: 2700 });
  expect(openItems.length).toBeGreaterThan(7500);
  const { xml, truth } = generateStatement({ seed: 2025, entries: 10_000, openItems });
  const file = parseCamt(xml);
  const expected = new Map(truth.map((t) => [`${t.entryRef}/${t.txIndex}`, t.expected]));

  const matcher = createMatcher(openItems);
  let matchable = 0;
  let matched = 0;
  const wrong: string[] = [];
  const foreignMatched: string[] = [];
  const byKind: Record<string, { total: number; matched: number }> = {};
  for (const entry of file.statements[0].entries) {
    entry.transactions.forEach((tx, i) => {
      const key = `${entry.entryRef}/${i}`;
      const exp = expected.get(key)!;
      const result = matcher.match({ ...tx, creditDebit: entry.creditDebit });
      const kind = (byKind[exp.kind] ??= { total: 0, matched: 0 });
      kind.total++;
      const isMatchable = exp.kind !== 'foreign' && exp.kind !== 'unmatched';
      if (isMatchable) matchable++;
      if (result.status !== 'matched') return;
      kind.matched++;
      if (exp.kind === 'foreign') return void foreignMatched.push(key);
      if (result.accountId !== exp.accountId) return void wrong.push(`${key}: ${result.accountId} instead of ${exp.accountId}`);
      // Direct debits, RF payments and returns name one line: the allocation must start there.
      if ((exp.kind === 'exact' || exp.kind === 'return') && result.allocations[0]?.lineId !== exp.lineIds?.[0])
        wrong.push(`${key}: line ${result.allocations[0]?.lineId}`);
      if (isMatchable) matched++;
    });
  }
  const rate = matched / matchable;
  console.log(
    `automatic match rate ${(rate * 100).toFixed(2)} % (${matched} of ${matchable} matchable; ${truth.length} transactions)\n` +
      Object.entries(byKind)
        .map(([k, v]) => `  ${k}: ${v.matched}/${v.total}`)
        .join('\n'),
  );
  expect(wrong).toEqual([]);
  expect(foreignMatched).toEqual([]);
  expect(rate).toBeGreaterThanOrEqual(0.97);
});
