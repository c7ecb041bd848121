/**
 * The engine's journal on embedded PGlite: every group commit appended as one line of JSON to a file
 * in the data folder, before its commands are acknowledged. `engine_record` (the search tables) is
 * then brought up to date from memory a little later, once for many commits (engine/state/store.ts),
 * as Zeebe appends to its log and exports to its search indexes afterwards.
 *
 * Why a file and not a table: a commit's row in PGlite costs ~40 µs of CPU per record on the
 * engine's own thread (WebAssembly PostgreSQL), an appended line a few microseconds. PGlite runs with
 * fsync off, so its commit reaches the operating system and no further; the journal's `writeSync`
 * gives the same promise (docs/performance.md, "what is acknowledged when").
 *
 * Segments: `<n>.jsonl`, numbered. `rotate` starts the next one; once everything in the earlier
 * segments is in `engine_record`, `removeThrough` deletes them. At start, `readAll` returns what the
 * segments hold, oldest first, for the store to apply before it loads.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One group commit: its records (null data: removed) and the key counter after it. */
export interface JournalEntry {
  counter: number;
  writes: JournalWrite[];
}

export interface JournalWrite {
  kind: string;
  key: string;
  active: boolean;
  data: { key: string } | null;
}

const SEGMENT = /^(\d+)\.jsonl$/;

export class Journal {
  private fd: number;
  private segment: number;

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    const existing = segmentsIn(dir);
    this.segment = (existing.length ? existing[existing.length - 1] : 0) + 1;
    this.fd = this.open(this.segment);
  }

  /** Appends one commit. Throws (and writes nothing usable) if the disk refuses it. */
  append(entry: JournalEntry): void {
    const line = Buffer.from(`${JSON.stringify(entry)}\n`);
    let written = 0;
    while (written < line.length) written += fs.writeSync(this.fd, line, written);
  }

  /** Starts a new segment; returns the number of the one closed, which holds every earlier entry. */
  rotate(): number {
    const closed = this.segment;
    // The next segment first: if it cannot be made, commits keep going to the current one.
    const next = this.open(closed + 1);
    fs.closeSync(this.fd);
    this.fd = next;
    this.segment = closed + 1;
    return closed;
  }

  /** Deletes the segments up to `segment`: their entries are in the database. */
  removeThrough(segment: number): void {
    Journal.removeThrough(this.dir, segment);
  }

  static removeThrough(dir: string, segment: number): void {
    if (!fs.existsSync(dir)) return;
    for (const n of segmentsIn(dir)) if (n <= segment) fs.rmSync(path.join(dir, `${n}.jsonl`), { force: true });
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /**
   * The entries of every segment in the folder, oldest first, and the last segment's number. A last
   * line cut short by a crash is left out: its commit was never acknowledged.
   */
  static readAll(dir: string): { entries: JournalEntry[]; lastSegment: number } {
    const segments = fs.existsSync(dir) ? segmentsIn(dir) : [];
    const entries: JournalEntry[] = [];
    for (const n of segments) {
      const lines = fs.readFileSync(path.join(dir, `${n}.jsonl`), 'utf8').split('\n');
      for (const [i, line] of lines.entries()) {
        if (!line) continue;
        try {
          entries.push(JSON.parse(line) as JournalEntry);
        } catch (err) {
          const last = n === segments[segments.length - 1] && lines.slice(i + 1).every((l) => !l);
          if (!last) throw new Error(`engine journal ${n}.jsonl line ${i + 1} is damaged: ${(err as Error).message}`);
        }
      }
    }
    return { entries, lastSegment: segments.length ? segments[segments.length - 1] : 0 };
  }

  private open(segment: number): number {
    return fs.openSync(path.join(this.dir, `${segment}.jsonl`), 'a');
  }
}

function segmentsIn(dir: string): number[] {
  return fs
    .readdirSync(dir)
    .map((f) => SEGMENT.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}
