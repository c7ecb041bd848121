/**
 * Bank statements end to end: open items of 4,000 accounts seeded through the domain, a generated
 * camt.053 of 10,000 entries (exact, fuzzy, partial, combined, foreign and unmatched payments, and
 * return debits) uploaded over REST, the `bank-statement` process run to its end with every
 * clarification and return-debit instance it starts, and the result compared with the generator's
 * truth: the automatic match rate (printed; at least 97 %), no wrong match, foreign money left for
 * a clerk, returns reopening their items. And the bad files: each refused with its code, nothing
 * stored; the same file twice books nothing the second time.
 */
import type { System } from '../../server/system';
import { createEngineQueries } from '../../engine/query';
import { generateStatement, loadOpenItemCandidates, type TruthRow } from '../../domain/payments';
import { camt053 } from '../../domain/payments/testing';
import { signIn, systemHeaders } from '../auth';
import { seedOpenItems } from '../statement-seed';
import { checkBooks, compareWithTruth, describeReport, statementEntries } from '../statement-truth';
import { incidents, startTestSystem, waitFor } from './system';

// 10,000 entries through the product (matching, ~1,000 process instances) on a shared 2-CPU machine.
jest.setTimeout(300_000);

const ENTRIES = 10_000;

describe('bank statement of 10,000 entries through the product', () => {
  let system: System;
  let xml: string;
  let truth: TruthRow[];
  let statementId: string;
  let processInstanceKey: string;
  const times: Record<string, number> = {};
  const time = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    try {
      return await f();
    } finally {
      times[name] = Date.now() - start;
    }
  };

  beforeAll(async () => {
    system = await startTestSystem();
    await time('seed 4,000 accounts, 12,000 items', () => seedOpenItems(system.db, { seed: 7, accounts: 4000, items: 12000 }));
    const candidates = await loadOpenItemCandidates(system.db);
    ({ xml, truth } = generateStatement({ seed: 21, entries: ENTRIES, openItems: candidates }));
  });
  afterAll(async () => {
    console.log(
      `bank statement e2e timings:\n${Object.entries(times)
        .map(([k, v]) => `  ${k}: ${v} ms`)
        .join('\n')}`,
    );
    await system?.stop();
  });

  const upload = async (body: string, fileName: string, contentType = 'application/xml') => {
    const res = await fetch(`${system.httpUrl}/api/bank-statements?fileName=${encodeURIComponent(fileName)}`, {
      method: 'POST',
      headers: systemHeaders({ 'content-type': contentType }),
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  /** What a refused or repeated file must leave alone. */
  const books = async () => {
    const [statements, entries, documents, lines, clearings] = await Promise.all(
      ['bank_statements', 'bank_entries', 'ledger_documents', 'ledger_lines', 'clearings'].map(async (t) =>
        Number(((await system.db(t).count({ n: '*' }).first()) as { n: string | number }).n),
      ),
    );
    const starts = Number(((await system.db('process_starts').count({ n: '*' }).first()) as { n: string | number }).n);
    return { statements, entries, documents, lines, clearings, starts };
  };

  it('refuses broken XML, a pain.008, a USD statement: a 400 with its code, nothing stored', async () => {
    const before = await books();
    const small = camt053('BAD-FILES-1', [
      { ref: 'B1', cd: 'CRDT', code: 'PMNT/RCDT/ESCT', txs: [{ amount: 1000, name: 'Anna Weber', ustrd: 'Abschlag' }] },
    ]);
    const pain008 = ((await system.db('payment_files').where({ kind: 'pain.008' }).first('xml')) as { xml: string }).xml;
    const cases: Array<[string, string, string]> = [
      ['broken XML', xml.slice(0, Math.floor(xml.length / 2)), 'not_xml'],
      ['a pain.008 (wrong schema)', pain008, 'not_camt'],
      ['a USD statement', small.replace(/<Ccy>EUR<\/Ccy>/, '<Ccy>USD</Ccy>').replace(/Ccy="EUR"/g, 'Ccy="USD"'), 'wrong_currency'],
    ];
    for (const [what, body, code] of cases) {
      const res = await upload(body, `${code}.xml`);
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status: 400, code });
      expect(res.body.title ?? res.body.detail).toBeDefined();
    }
    expect(await books()).toEqual(before);
  });

  it(`matches ${ENTRIES.toLocaleString('en')} entries as the process says: ≥ 97 % automatically, none wrongly`, async () => {
    const res = await time('upload (parse, store)', () => upload(xml, 'auszug-10000.xml'));
    expect(res.status).toBe(202);
    expect(res.body.duplicate).toBe(false);
    expect(res.body.statement.entryCount).toBe(truth.length);
    statementId = res.body.statement.id as string;
    processInstanceKey = res.body.processInstanceKey as string;

    // The bank-statement instance runs to its end event.
    const queries = createEngineQueries(system.db);
    const processStart = Date.now();
    await time('bank-statement process to COMPLETED', () =>
      waitFor(
        async () => {
          if (!times['  entries matched (all but returns out of new)']) {
            const left = (await system
              .db('bank_entries')
              .where({ statement_id: statementId, status: 'new', is_return: false })
              .count({ n: '*' })
              .first()) as { n: string | number };
            if (Number(left.n) === 0) times['  entries matched (all but returns out of new)'] = Date.now() - processStart;
          }
          const pi = await queries.processInstances.get(processInstanceKey);
          if (pi.hasIncident) throw new Error(`bank-statement has an incident: ${JSON.stringify(await incidents(system))}`);
          return pi.state === 'COMPLETED';
        },
        'the bank-statement instance to complete',
        280_000,
      ),
    );
    expect((await system.db('bank_statements').where({ id: statementId }).first('status')).status).toBe('done');

    // Every clarification waits at its user task; every return debit at "Übergabe an das Mahnverfahren".
    const entries = await statementEntries(system.db, statementId);
    const unmatched = entries.filter((e) => e.status === 'unmatched').map((e) => e.id);
    const returns = entries.filter((e) => e.is_return).map((e) => e.id);
    const startedFor = async (prefix: string, ids: string[]) => {
      const rows = (await system
        .db('process_starts')
        .whereIn(
          'business_key',
          ids.map((id) => `${prefix}:${id}`),
        )
        .whereNotNull('process_instance_key')
        .select('process_instance_key')) as Array<{ process_instance_key: string }>;
      return rows.map((r) => String(r.process_instance_key));
    };
    const clarificationKeys = await startedFor('clarification', unmatched);
    const returnKeys = await startedFor('return-debit', returns);
    expect(clarificationKeys).toHaveLength(unmatched.length);
    expect(returnKeys).toHaveLength(returns.length);
    const count = async (filter: Record<string, unknown>) =>
      (await queries.processInstances.search({ filter: filter as never, page: { limit: 0 } })).page.totalItems;
    await time('clarifications and returns at their wait states', async () => {
      await waitFor(
        async () =>
          (await queries.userTasks.search({ filter: { elementId: 'assign_payment', state: 'CREATED' }, page: { limit: 0 } })).page
            .totalItems === unmatched.length,
        `${unmatched.length} clarification tasks`,
        120_000,
      );
      await waitFor(
        async () =>
          (await count({
            processDefinitionId: 'return-debit',
            state: 'ACTIVE',
            elementId: 'wait_dunning',
            elementInstanceState: 'ACTIVE',
          })) === returns.length,
        `${returns.length} return debits waiting for dunning`,
        120_000,
      );
    });
    expect(await count({ processDefinitionId: 'payment-clarification' })).toBe(unmatched.length);
    expect(await count({ processDefinitionId: 'return-debit' })).toBe(returns.length);
    expect(await incidents(system)).toEqual([]);

    // Against the truth.
    const after = await statementEntries(system.db, statementId);
    const report = compareWithTruth(after, truth);
    // The statement views are the case workers' (the system key may upload, not read).
    const admin = await signIn(system.httpUrl, 'admin');
    const summary = (await (await fetch(`${system.httpUrl}/api/bank-statements/${statementId}`, { headers: admin.headers })).json()) as {
      matchRate: number;
      byStatus: Record<string, number>;
    };
    const steps = await queries.elementInstances.search({ filter: { processInstanceKey }, page: { limit: 50 } });
    for (const step of steps.items)
      if (step.endDate) times[`  step ${step.elementId}`] = Date.parse(step.endDate) - Date.parse(step.startDate);
    console.log(
      `bank statement of ${after.length} entries: ${describeReport(report)}; ` +
        `the product's own rate (all incoming payments, foreign included) ${(summary.matchRate * 100).toFixed(2)} %, by status ${JSON.stringify(summary.byStatus)}`,
    );
    expect(report.wrong).toEqual([]);
    expect(report.leftNew).toBe(0);
    expect(report.rate).toBeGreaterThanOrEqual(0.97);
    expect(report.foreign).toBeGreaterThan(0);
    expect(report.foreignUnmatched).toBe(report.foreign);
    expect(report.returns).toBeGreaterThan(0);
    expect(report.returned).toBe(report.returns);

    // Returns reopen the collected item in full; the bank's fee is an item of its own.
    const candidates = new Map(
      (
        (await system.db.raw(`SELECT line_id, amount_cents, open_cents FROM open_items`)) as {
          rows: Array<{ line_id: string; amount_cents: string | number; open_cents: string | number }>;
        }
      ).rows.map((r) => [r.line_id, r]),
    );
    const notReopened = truth
      .filter((t) => t.expected.kind === 'return')
      .map((t) => t.expected.lineIds![0])
      .filter((line) => Number(candidates.get(line)?.open_cents) !== Number(candidates.get(line)?.amount_cents));
    expect(notReopened).toEqual([]);

    // The books: one payment document per matched entry, the ledger at zero, each account's lines = its items.
    const check = await checkBooks(system.db, statementId);
    expect(check.paymentDocuments).toBe(after.filter((e) => e.status === 'matched').length);
    expect(check.duplicateKeys).toBe(0);
    expect(check.ledgerSum).toBe(0);
    expect(check.accountsOff).toEqual([]);
  });

  it('the same file again: 200 duplicate, nothing booked, nothing started', async () => {
    expect(statementId).toBeDefined();
    const before = await books();
    const again = await upload(xml, 'auszug-10000-nochmal.xml');
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.statement.id).toBe(statementId);
    expect(again.body.processInstanceKey).toBe(processInstanceKey);
    // Same message id, other bytes (a re-export by the bank): also a duplicate.
    const reexport = await upload(xml.replace('<?xml version="1.0" encoding="UTF-8"?>\n', ''), 'reexport.xml');
    expect(reexport.status).toBe(200);
    expect(reexport.body.duplicate).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(await books()).toEqual(before);
    const instances = await createEngineQueries(system.db).processInstances.search({
      filter: { processDefinitionId: 'bank-statement' },
      page: { limit: 10 },
    });
    expect(instances.items.map((i) => i.processInstanceKey)).toEqual([processInstanceKey]);
  });
});
