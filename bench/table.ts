/** The benches' result table (markdown, so it pastes into docs/performance.md). */
export function printTable<R extends Record<string, string>>(head: R, rows: R[], rightAligned: keyof R): void {
  const keys = Object.keys(head) as Array<keyof R>;
  const width = (k: keyof R) => Math.max(...[head, ...rows].map((r) => r[k].length));
  const w = new Map(keys.map((k) => [k, width(k)]));
  const line = (r: R) => `| ${keys.map((k) => (k === rightAligned ? r[k].padStart(w.get(k)!) : r[k].padEnd(w.get(k)!))).join(' | ')} |`;
  console.log('');
  console.log(line(head));
  console.log(`|${keys.map((k) => (k === rightAligned ? `${'-'.repeat(w.get(k)! + 1)}:` : '-'.repeat(w.get(k)! + 2))).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
