/**
 * Kill the product with SIGKILL while it matches a bank statement of 2,000 entries, restart it on
 * the same data, and check that the statement ends and every entry is booked exactly once: one
 * payment document per matched entry (business key `bank-entry:<id>`), the ledger at zero, each
 * account's receivable lines equal to its open items, no wrong match. Then kill it during an
 * upload (before its answer): the file is there whole or not at all, and uploading it again after
 * the restart is answered consistently.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../db';
import { openPostgresTestDatabase, testPostgresUrl, type TestDatabase } from '../../db/testing';
import { generateStatement, loadOpenItemCandidates, type TruthRow } from '../../domain/payments';
import { signIn, systemHeaders, type SignedIn } from '../auth';
import { seedOpenItems } from '../statement-seed';
import { checkBooks, compareWithTruth, describeReport, statementEntries } from '../statement-truth';
import { kill9, spawnEngine, type EngineProcess } from './spawn';
import { waitFor } from '../wait';

jest.setTimeout(1_200_000);

const ENTRIES = 2_000;
const ready = /ready: https?:\/\/[^\s:]+:(\d+)/;
const product = path.join('..', '..', 'server', 'main.ts');

interface Summary {
  statement: { id: string; messageId: string; entryCount: number; status: string };
  byStatus: Record<string, number>;
  returns: number;
}

describe('statement import crash (SIGKILL of the product)', () => {
  let dir: string;
  let pg: TestDatabase | undefined;
  let proc: (EngineProcess & { output: () => string }) | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statement-crash-'));
    if (testPostgresUrl()) pg = await openPostgresTestDatabase(testPostgresUrl());
  });
  afterAll(async () => {
    if (proc) await kill9(proc);
    await pg?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({
    DATA_DIR: dir,
    DATABASE_URL: pg?.url ?? '',
    HTTP_PORT: '0',
    BUREAU_SIMULATOR_PORT: '0',
    SMTP_PORT: '0',
    ENGINE_LONG_POLL_TIMEOUT_MS: '1000',
    MAIL_SINK_CAPACITY: '5000',
    PDF_PAGE_POOL_SIZE: '1',
    // Small batches, so the kill lands while the statement is being matched.
    STATEMENT_MATCH_BATCH_SIZE: '50',
  });
  let admin: SignedIn | undefined;
  const start = async () => {
    proc = await spawnEngine(env(), product, ready);
    // The statement views are the case workers' and admins' (the system key may upload, not read).
    admin = await signIn(url(), 'admin');
  };
  const url = () => `http://127.0.0.1:${proc!.port}`;
  const upload = async (xml: string, fileName: string) => {
    const res = await fetch(`${url()}/api/bank-statements?fileName=${fileName}`, {
      method: 'POST',
      headers: systemHeaders({ 'content-type': 'application/xml' }),
      body: xml,
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const summary = async (id: string) =>
    (await (await fetch(`${url()}/api/bank-statements/${id}`, { headers: admin!.headers })).json()) as Summary;
  const statements = async () =>
    ((await (await fetch(`${url()}/api/bank-statements`, { headers: admin!.headers })).json()) as { items: Summary[] }).items;
  const instanceState = async (key: string) => {
    const res = await fetch(`${url()}/v2/process-instances/search`, {
      method: 'POST',
      headers: systemHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ filter: { processInstanceKey: key } }),
    });
    const item = ((await res.json()) as { items: Array<{ state: string; hasIncident: boolean }> }).items[0];
    if (item?.hasIncident) throw new Error(`process instance ${key} has an incident\n${proc?.output().slice(-3000)}`);
    return item?.state;
  };
  const waitUntil = (probe: () => Promise<boolean>, what: string, ms: number, every = 500) =>
    waitFor(probe, what, ms, { maxPauseMs: every, explain: () => proc?.output().slice(-3000) });
  const stop = async () => {
    const stopped = new Promise<void>((resolve) => {
      proc!.child.removeAllListeners('exit');
      proc!.child.once('exit', () => resolve());
    });
    proc!.child.kill('SIGTERM');
    // A clean stop waits for running jobs; a stop that hangs is killed (the books must hold either way).
    const victim = proc!;
    const timer = setTimeout(() => victim.child.kill('SIGKILL'), 30_000);
    await stopped;
    clearTimeout(timer);
    proc = undefined;
  };
  const withDb = async <T>(f: (db: Database) => Promise<T>): Promise<T> => {
    const db = pg?.db ?? (await openDatabase({ databaseUrl: '', dataDir: dir }));
    try {
      return await f(db);
    } finally {
      if (!pg) await db.destroy();
    }
  };

  it('books every entry exactly once after kill -9 during matching, and keeps uploads whole', async () => {
    const times: string[] = [];
    const t0 = Date.now();
    const lap = (what: string) => times.push(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // The open items, seeded through the domain before the product runs (PGlite has one owner at a time).
    let truth: TruthRow[] = [];
    let xml = '';
    const uploads: Array<{ xml: string; rows: number; messageId: string }> = [];
    await withDb(async (db) => {
      await seedOpenItems(db, { seed: 11, accounts: 1000, items: 3000 });
      const candidates = await loadOpenItemCandidates(db);
      ({ xml, truth } = generateStatement({ seed: 31, entries: ENTRIES, openItems: candidates }));
      for (const seed of [32, 33]) {
        const g = generateStatement({ seed, entries: ENTRIES, openItems: candidates });
        uploads.push({ xml: g.xml, rows: g.truth.length, messageId: `GEN-${seed}-${ENTRIES}` });
      }
    });
    lap('seeded 1,000 accounts, 3,000 items');

    // Upload, then SIGKILL while the entries are being matched: some matched, not all.
    await start();
    const uploadStart = Date.now();
    const first = await upload(xml, 'crash-1.xml');
    const uploadMs = Date.now() - uploadStart;
    expect(first.status).toBe(202);
    const statementId = first.body.statement.id as string;
    const processKey = first.body.processInstanceKey as string;
    lap(`uploaded ${ENTRIES} entries (${uploadMs} ms)`);
    // Payments still new = new entries that are no return debits (those stay new for their own instances).
    let atKill: Summary['byStatus'] = {};
    let paymentsNew = 0;
    // On PostgreSQL the test reads the entries beside the product, so the kill lands between two
    // batches; on PGlite (one connection, busy with the matching) the summary answers only when the
    // matching is through, and the kill lands while the clarifications and returns are started.
    const matchedSoFar = async () => {
      if (!pg) return undefined;
      const rows = (await pg
        .db('bank_entries')
        .where({ statement_id: statementId })
        .groupBy('status')
        .select('status')
        .count({ n: '*' })) as Array<{
        status: string;
        n: string | number;
      }>;
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Summary['byStatus'];
    };
    await waitUntil(
      async () => {
        const direct = await matchedSoFar();
        if (direct) {
          atKill = direct;
          paymentsNew = direct.new ?? 0;
          return (direct.matched ?? 0) > 0;
        }
        const s = await summary(statementId);
        atKill = s.byStatus;
        paymentsNew = s.byStatus.new - (s.returns - s.byStatus.returned);
        return atKill.matched > 0;
      },
      'the first matched entries',
      600_000,
      pg ? 10 : 50,
    );
    await kill9(proc!);
    proc = undefined;
    // Matching is fast now (batches of 5,000, two in flight): the kill may land after the last batch,
    // while the clarifications and return debits are being started; both are crash cases worth having.
    lap(`killed at ${JSON.stringify(atKill)}, ${paymentsNew > 0 ? `${paymentsNew} payments still unmatched` : 'after the matching'}`);
    expect(atKill.matched).toBeGreaterThan(0);

    // Restart: the match job comes back (after its timeout) and resumes with the entries still new.
    await start();
    await waitUntil(
      async () => (await instanceState(processKey)) === 'COMPLETED',
      'the bank-statement instance to complete',
      900_000,
      2000,
    );
    const done = await summary(statementId);
    expect(done.statement.status).toBe('done');
    // The return debits are booked by their own instances; wait for all of them.
    await waitUntil(async () => (await summary(statementId)).byStatus.new === 0, 'every return debit booked', 300_000, 2000);
    lap('statement done after the restart');

    // SIGKILL during an upload, before the answer (early and late in it): the statement is there whole or not at all.
    const secondIds: string[] = [];
    for (const [k, fraction] of [0.5, 0.9].entries()) {
      const file = uploads[k];
      let answered: { status: number } | undefined;
      const victim = proc!;
      const pending = upload(file.xml, `crash-upload-${k}.xml`).then(
        (r) => (answered = r),
        () => undefined,
      );
      const killAfter = Math.max(200, Math.round(uploadMs * fraction));
      await new Promise((r) => setTimeout(r, killAfter));
      await kill9(victim);
      proc = undefined;
      await pending;
      await start();
      const stored = (await statements()).filter((x) => x.statement.messageId === file.messageId);
      expect(stored.length).toBeLessThanOrEqual(1);
      const rows = stored.length ? Object.values(stored[0].byStatus).reduce((x, y) => x + y, 0) : 0;
      const outcome = answered
        ? `answered ${answered.status} before the kill`
        : stored.length
          ? `stored whole (${rows} entries)`
          : 'nothing stored';
      console.log(`upload killed after ${killAfter} ms: ${outcome}`);
      lap(`killed during upload ${k + 1}: ${outcome}`);
      if (stored.length) expect({ rows, entryCount: stored[0].statement.entryCount }).toEqual({ rows: file.rows, entryCount: file.rows });
      // Uploaded again: a new statement (202), or the stored one whose process now starts or runs (200, duplicate).
      const again = await upload(file.xml, `crash-upload-${k}-again.xml`);
      expect(again.status).toBe(stored.length ? 200 : 202);
      expect(typeof again.body.processInstanceKey).toBe('string');
      expect(Object.values((await summary(again.body.statement.id as string)).byStatus).reduce((x, y) => x + y, 0)).toBe(file.rows);
      secondIds.push(again.body.statement.id as string);
    }
    await stop();
    lap('uploads checked');

    // The books after it all.
    await withDb(async (db) => {
      const entries = await statementEntries(db, statementId);
      const report = compareWithTruth(entries, truth);
      console.log(`after kill -9 during matching: ${describeReport(report)}`);
      expect(report.wrong).toEqual([]);
      expect(report.leftNew).toBe(0);
      expect(report.returned).toBe(report.returns);
      const check = await checkBooks(db, statementId);
      expect(check.duplicateKeys).toBe(0);
      expect(check.paymentDocuments).toBe(entries.filter((e) => e.status === 'matched').length);
      expect(check.ledgerSum).toBe(0);
      expect(check.accountsOff).toEqual([]);
      // No clearing twice either (business keys bank-entry:<id>:clearing are unique).
      const clearings = (await db.raw(
        `SELECT count(*) AS n, count(DISTINCT business_key) AS k FROM clearings WHERE business_key LIKE 'bank-entry:%'`,
      )) as { rows: Array<{ n: string | number; k: string | number }> };
      expect(Number(clearings.rows[0].n)).toBe(Number(clearings.rows[0].k));
      // The later statements, however far their matching got before the stop: each entry booked at most once.
      for (const id of secondIds) {
        const later = await checkBooks(db, id);
        expect(later.duplicateKeys).toBe(0);
        expect(later.paymentDocuments).toBe((await statementEntries(db, id)).filter((e) => e.status === 'matched').length);
      }
    });
    console.log(`statement import crash:\n  ${times.join('\n  ')}`);
  });
});
