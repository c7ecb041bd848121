/**
 * One part of bench:dunning: it gets a fresh database of its own (PGlite or PostgreSQL) and
 * returns its figures, each beside a ceiling or reference measured in the same run.
 */
import type { Database } from '../../db';

export interface DunningBenchRow {
  what: string;
  figure: string;
  /** A ceiling or reference measured in the same run (what the figure is to be read against). */
  ceiling: string;
}

export interface DunningBenchContext {
  /** 'PGlite' or 'PostgreSQL'. */
  label: string;
  /** Scale of the part on this database (accounts, items: each part says what it means). */
  size: number;
  log: (line: string) => void;
}

export interface DunningBenchPart {
  /** Selects the part on the command line (--parts propensity,proposal). */
  name: string;
  /** Default scale on PostgreSQL and on PGlite (single-threaded, slower). */
  defaultSize: { postgres: number; pglite: number };
  run(db: Database, ctx: DunningBenchContext): Promise<DunningBenchRow[]>;
}
