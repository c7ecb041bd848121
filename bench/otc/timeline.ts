/**
 * The latency breakdown of one order alone: every statement from the POST to the stored
 * decision, with its start (ms after the POST), its duration and its kind. Job boundaries show
 * as the worker's `select orders` (job start) and the engine's `insert engine_record` (flush).
 */
import { getOrder, orderFor, post } from '../../test/e2e/system';
import type { System } from '../../server/system';

export async function orderTimeline(system: System): Promise<void> {
  system.simulator!.setLatency(0);
  // The tails of earlier orders (contract, letters) would mix into the timeline.
  await new Promise((r) => setTimeout(r, 1500));
  const events: { at: number; ms: number; sql: string; bindings: unknown[] }[] = [];
  const open = new Map<string, { at: number; sql: string; bindings: unknown[] }>();
  const t0 = process.hrtime.bigint();
  const now = () => Number(process.hrtime.bigint() - t0) / 1e6;
  const onQuery = (q: { __knexQueryUid: string; sql: string; bindings?: unknown[] }) =>
    open.set(q.__knexQueryUid, { at: now(), sql: q.sql, bindings: q.bindings ?? [] });
  let orderId = '';
  const decides = (e: { sql: string; bindings: unknown[] }) =>
    /^update "orders" set .*"decision"/.test(e.sql) && e.bindings.includes(orderId);
  let decided: () => void = () => {};
  const decision = new Promise<void>((r) => (decided = r));
  const onDone = (_r: unknown, q: { __knexQueryUid: string }) => {
    const s = open.get(q.__knexQueryUid);
    if (!s) return;
    const e = { ...s, ms: now() - s.at };
    events.push(e);
    if (orderId && decides(e)) decided();
  };
  system.db.on('query', onQuery);
  system.db.on('query-response', onDone);
  let decidedAt = 0;
  try {
    const res = await post(system, '/api/orders', orderFor('Gruen'));
    const postedAt = now();
    orderId = res.body.orderId as string;
    if (events.some(decides)) decided();
    // No polling here: the statement that stores the decision ends the timeline.
    await decision;
    decidedAt = now();
    if (!(await getOrder(system, orderId)).decision) throw new Error('decision not stored');
    console.log(`one order: POST answered after ${postedAt.toFixed(0)} ms, decision stored after ${decidedAt.toFixed(0)} ms`);
  } finally {
    system.db.removeListener('query', onQuery);
    system.db.removeListener('query-response', onDone);
  }
  let statementMs = 0;
  for (const e of events.sort((a, b) => a.at - b.at)) {
    if (e.at > decidedAt) continue;
    statementMs += e.ms;
    console.log(`  ${e.at.toFixed(1).padStart(7)} ms  ${e.ms.toFixed(1).padStart(6)} ms  ${e.sql.replace(/\s+/g, ' ').slice(0, 110)}`);
  }
  const n = events.filter((e) => e.at <= decidedAt).length;
  console.log(`  ${n} statements in ${decidedAt.toFixed(0)} ms, ${statementMs.toFixed(0)} ms of it waiting for statements`);
}
