/**
 * Print runs for customers who get their bills on paper: one folder per day under a configured
 * directory (`<dir>/<YYYY-MM-DD>/`), each PDF a file, and a manifest (JSON for machines, CSV for
 * the print shop) with recipient, pages and sha256. A retried job adds the same business key
 * again: that is a no-op, also on a later day, so nobody gets a letter twice.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Recipient } from './letterData';

export interface PrintItem {
  /** e.g. `bill:<contract>:annual:2025-12-31`; unique across all print runs. */
  businessKey: string;
  recipient: Recipient;
  pdf: Buffer;
}

export interface PrintManifestEntry {
  businessKey: string;
  file: string;
  recipient: Recipient;
  pages: number;
  sha256: string;
  addedAt: string;
}

export interface PrintManifest {
  day: string;
  entries: PrintManifestEntry[];
}

export interface PrintRun {
  /** Adds PDFs to the run of `day` (default: today in Berlin); keys already in any run are skipped. The manifest is written once per call. */
  add(items: PrintItem | PrintItem[], day?: string): Promise<{ added: PrintManifestEntry[]; skipped: string[] }>;
  manifest(day: string): Promise<PrintManifest>;
  /** The folder of a day's run. */
  folder(day: string): string;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Writes next to the target and renames: readers (the print shop's pickup) never see half a file. */
async function writeAtomic(file: string, content: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, content);
  await fs.rename(tmp, file);
}

/** Business keys carry colons and slashes; file names get a safe form plus a short hash against collisions. */
function fileNameFor(businessKey: string): string {
  const safe = businessKey.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
  const hash = createHash('sha256').update(businessKey).digest('hex').slice(0, 8);
  return `${safe}-${hash}.pdf`;
}

function csvCell(value: string | number): string {
  const s = String(value);
  return /[;"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Semicolon-separated with a BOM: what German spreadsheet tools open without an import dialog. */
function toCsv(m: PrintManifest): string {
  const header = ['file', 'name', 'street', 'houseNumber', 'postalCode', 'city', 'pages', 'sha256', 'businessKey'];
  const rows = m.entries.map((e) =>
    [
      e.file,
      e.recipient.name,
      e.recipient.street,
      e.recipient.houseNumber,
      e.recipient.postalCode,
      e.recipient.city,
      e.pages,
      e.sha256,
      e.businessKey,
    ]
      .map(csvCell)
      .join(';'),
  );
  return `\uFEFF${[header.join(';'), ...rows].join('\r\n')}\r\n`;
}

interface SharedState {
  /** Business key → day, from all manifests on disk; loaded once, then kept up to date by add(). */
  known?: Promise<Map<string, string>>;
  /** Adds in this process run one after another. */
  queue: Promise<unknown>;
}
const sharedState = new Map<string, SharedState>();

export function createPrintRun(opts: { directory: string; now?: () => Date }): PrintRun {
  const now = opts.now ?? (() => new Date());
  const folder = (day: string) => {
    if (!dayPattern.test(day)) throw new Error(`not a day (YYYY-MM-DD): ${day}`);
    return path.join(opts.directory, day);
  };
  // Every print run of this process on the same folder shares one state (the worker groups each make
  // their own): adds run one after another, so two never rewrite a manifest at once and lose an entry.
  const key = path.resolve(opts.directory);
  let shared = sharedState.get(key);
  if (!shared) sharedState.set(key, (shared = { queue: Promise.resolve() }));
  const state = shared;

  async function readManifest(day: string): Promise<PrintManifest> {
    try {
      return JSON.parse(await fs.readFile(path.join(folder(day), 'manifest.json'), 'utf8')) as PrintManifest;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { day, entries: [] };
      throw err;
    }
  }

  async function loadKnown(): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    const days = await fs.readdir(opts.directory).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
    for (const day of days.filter((d) => dayPattern.test(d))) {
      for (const e of (await readManifest(day)).entries) map.set(e.businessKey, day);
    }
    return map;
  }

  async function addNow(items: PrintItem[], day: string): Promise<{ added: PrintManifestEntry[]; skipped: string[] }> {
    state.known ??= loadKnown();
    const keys = await state.known;
    const dir = folder(day);
    await fs.mkdir(dir, { recursive: true });
    const manifest = await readManifest(day);
    const added: PrintManifestEntry[] = [];
    const skipped: string[] = [];
    for (const item of items) {
      if (keys.has(item.businessKey) || added.some((a) => a.businessKey === item.businessKey)) {
        skipped.push(item.businessKey);
        continue;
      }
      const file = fileNameFor(item.businessKey);
      // A crash between this write and the manifest leaves a file no manifest lists: the retry overwrites it.
      await writeAtomic(path.join(dir, file), item.pdf);
      const pages = (await PDFDocument.load(item.pdf, { updateMetadata: false })).getPageCount();
      added.push({
        businessKey: item.businessKey,
        file,
        recipient: { ...item.recipient },
        pages,
        sha256: createHash('sha256').update(item.pdf).digest('hex'),
        addedAt: now().toISOString(),
      });
    }
    if (added.length > 0) {
      const next: PrintManifest = { day, entries: [...manifest.entries, ...added] };
      // The CSV first: the JSON is the record of what is in the run, so it is written last.
      await writeAtomic(path.join(dir, 'manifest.csv'), toCsv(next));
      await writeAtomic(path.join(dir, 'manifest.json'), `${JSON.stringify(next, null, 2)}\n`);
      for (const a of added) keys.set(a.businessKey, day);
    }
    return { added, skipped };
  }

  return {
    folder,
    manifest: readManifest,
    add(items, day) {
      const list = Array.isArray(items) ? items : [items];
      const run = state.queue.then(() => addNow(list, day ?? berlinDay.format(now())));
      state.queue = run.catch(() => undefined);
      return run;
    },
  };
}
