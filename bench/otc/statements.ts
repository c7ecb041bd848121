/**
 * Counts the statements of a benchmark phase through knex's query events: how many, how long
 * (from sending to the answer, so the queue behind PGlite's one connection is included), grouped
 * by the table they touch. Per order, these are comparable across runs on a loaded machine.
 */
import type { Knex } from 'knex';

interface Tally {
  count: number;
  ms: number;
}

export interface StatementStats {
  stop(): { total: Tally; byTable: Map<string, Tally> };
}

const tableOf = (sql: string) =>
  /^\s*(select|insert into|update|delete from|with)\b.*?\b(?:from|into|update)?\s*"?([a-z_]+)"?/i.exec(sql)?.[2] ?? '?';

/** The statement without its sub-queries (innermost parentheses first). */
function topLevel(sql: string): string {
  let s = sql;
  for (let prev = ''; prev !== s;) [prev, s] = [s, s.replace(/\([^()]*\)/g, ' ')];
  return s;
}

function kindOf(sql: string): string {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '?';
  const table = /\b(?:from|into|update)\s+"?([a-z_]+)"?/i.exec(topLevel(sql))?.[1] ?? tableOf(sql);
  return `${verb} ${table}`;
}

export function countStatements(db: Knex): StatementStats {
  const started = new Map<string, { at: bigint; kind: string }>();
  const byTable = new Map<string, Tally>();
  const onQuery = (q: { __knexQueryUid: string; sql: string }) =>
    started.set(q.__knexQueryUid, { at: process.hrtime.bigint(), kind: kindOf(q.sql) });
  const onDone = (_r: unknown, q: { __knexQueryUid: string }) => {
    const s = started.get(q.__knexQueryUid);
    if (!s) return;
    started.delete(q.__knexQueryUid);
    const t = byTable.get(s.kind) ?? { count: 0, ms: 0 };
    t.count += 1;
    t.ms += Number(process.hrtime.bigint() - s.at) / 1e6;
    byTable.set(s.kind, t);
  };
  db.on('query', onQuery);
  db.on('query-response', onDone);
  db.on('query-error', onDone);
  return {
    stop() {
      db.removeListener('query', onQuery);
      db.removeListener('query-response', onDone);
      db.removeListener('query-error', onDone);
      const total = [...byTable.values()].reduce((a, t) => ({ count: a.count + t.count, ms: a.ms + t.ms }), { count: 0, ms: 0 });
      return { total, byTable };
    },
  };
}

/** Per order (or other unit): statements and their milliseconds, in total and by statement kind (top first). */
export function formatPerOrder(stats: ReturnType<StatementStats['stop']>, orders: number, top = 12, unit = 'order'): string {
  const lines = [
    `  statements per ${unit}: ${(stats.total.count / orders).toFixed(1)}, ${(stats.total.ms / orders).toFixed(1)} ms of statement time per ${unit}`,
  ];
  for (const [kind, t] of [...stats.byTable.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top))
    lines.push(
      `    ${(t.count / orders).toFixed(2).padStart(6)} × ${kind.padEnd(32)} ${(t.ms / orders).toFixed(1).padStart(7)} ms/${unit}`,
    );
  return lines.join('\n');
}
