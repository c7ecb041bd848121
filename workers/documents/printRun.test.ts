import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { createPrintRun, type PrintManifest } from './printRun';

async function pdfWithPages(n: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < n; i++) doc.addPage();
  return Buffer.from(await doc.save());
}

const erika = { name: 'Erika Mustermann', street: 'Lindenstraße', houseNumber: '12a', postalCode: '50674', city: 'Köln' };
const jorg = { name: 'Jörg "JJ" Groß; GmbH', street: 'Am Hafen', houseNumber: '3', postalCode: '20457', city: 'Hamburg' };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'print-run-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('print run', () => {
  it('writes the PDFs into a folder per day with a JSON and a CSV manifest', async () => {
    const run = createPrintRun({ directory: dir, now: () => new Date('2026-01-15T23:30:00Z') });
    const a = await pdfWithPages(2);
    const b = await pdfWithPages(3);
    const result = await run.add([
      { businessKey: 'bill:c1:annual:2025-12-31', recipient: erika, pdf: a },
      { businessKey: 'bill:c2:final:2026-01-10', recipient: jorg, pdf: b },
    ]);
    expect(result.skipped).toEqual([]);
    // 23:30 UTC is already the next day in Berlin.
    const day = path.join(dir, '2026-01-16');
    const manifest = JSON.parse(fs.readFileSync(path.join(day, 'manifest.json'), 'utf8')) as PrintManifest;
    expect(manifest.day).toBe('2026-01-16');
    expect(manifest.entries.map((e) => [e.recipient.name, e.pages])).toEqual([
      ['Erika Mustermann', 2],
      ['Jörg "JJ" Groß; GmbH', 3],
    ]);
    for (const [e, pdf] of [
      [manifest.entries[0], a],
      [manifest.entries[1], b],
    ] as const) {
      const onDisk = fs.readFileSync(path.join(day, e.file));
      expect(onDisk.equals(pdf)).toBe(true);
      expect(e.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
      expect(e.file).toMatch(/^bill_c\d_\w+_\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.pdf$/);
    }
    const csv = fs.readFileSync(path.join(day, 'manifest.csv'), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('file;name;street;houseNumber;postalCode;city;pages;sha256;businessKey');
    expect(lines[1]).toBe(
      `${manifest.entries[0].file};Erika Mustermann;Lindenstraße;12a;50674;Köln;2;${manifest.entries[0].sha256};bill:c1:annual:2025-12-31`,
    );
    expect(lines[2]).toContain(';"Jörg ""JJ"" Groß; GmbH";Am Hafen;3;20457;Hamburg;3;');
    expect(fs.readdirSync(day).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('adds the same business key only once, also from a new process on a later day', async () => {
    const pdf = await pdfWithPages(1);
    const item = { businessKey: 'bill:c1:annual:2025-12-31', recipient: erika, pdf };
    const run = createPrintRun({ directory: dir });
    expect((await run.add(item, '2026-01-15')).added).toHaveLength(1);
    const before = fs.readFileSync(path.join(dir, '2026-01-15', 'manifest.json'), 'utf8');
    // Retried concurrently in the same process: one manifest write, no duplicate.
    const [r1, r2] = await Promise.all([run.add(item, '2026-01-15'), run.add([item, item], '2026-01-15')]);
    expect([r1.added.length, r2.added.length, r2.skipped.length]).toEqual([0, 0, 2]);
    expect(fs.readFileSync(path.join(dir, '2026-01-15', 'manifest.json'), 'utf8')).toBe(before);

    const later = createPrintRun({ directory: dir });
    expect(await later.add(item, '2026-01-16')).toEqual({ added: [], skipped: [item.businessKey] });
    expect(fs.existsSync(path.join(dir, '2026-01-16', 'manifest.json'))).toBe(false);
    expect((await later.add({ ...item, businessKey: 'bill:c3:annual:2025-12-31' }, '2026-01-16')).added).toHaveLength(1);
    expect((await later.manifest('2026-01-16')).entries.map((e) => e.businessKey)).toEqual(['bill:c3:annual:2025-12-31']);
  });

  it('refuses a day that is not a date', async () => {
    const run = createPrintRun({ directory: dir });
    await expect(run.add({ businessKey: 'k', recipient: erika, pdf: await pdfWithPages(1) }, '../etc')).rejects.toThrow('not a day');
  });
});
