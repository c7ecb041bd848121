/** The process table from `ps`, to check that a killed product left no Chromium behind. */
import { execFileSync } from 'node:child_process';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  cmd: string;
}

export function processTable(): ProcessEntry[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), cmd: m[3] }));
}

/**
 * Chromium processes of a product: descendants of its pid, and any process whose profile folder
 * (`--user-data-dir=…/otc-chromium-<pid>-…`) names it, which still finds them once they are orphaned.
 */
export function chromiumOf(table: ProcessEntry[], productPid: number): ProcessEntry[] {
  const descendants = new Set<number>([productPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of table)
      if (descendants.has(p.ppid) && !descendants.has(p.pid)) {
        descendants.add(p.pid);
        grew = true;
      }
  }
  return table.filter(
    (p) => p.pid !== productPid && /chrom/i.test(p.cmd) && (descendants.has(p.pid) || p.cmd.includes(`otc-chromium-${productPid}-`)),
  );
}
