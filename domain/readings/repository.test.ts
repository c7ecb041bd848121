import { databaseVariants, type TestDatabase } from '../../db/testing';
import { insertContract } from '../shared/test-fixtures';
import { latestReading, recordReading, setReadingStatus } from './repository';
import { ReadingError } from './types';

describe.each(databaseVariants())('meter readings ($name)', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('records a reading once per business key', async () => {
    const { contractId, meterId } = await insertContract(t.db, { startDate: '2024-01-01' });
    const input = {
      contractId,
      readingDate: '2024-01-01',
      valueKwh: '10000.5',
      source: 'meter_operator' as const,
      businessKey: `r:${contractId}:1`,
    };
    const first = await recordReading(t.db, input);
    expect(first).toMatchObject({ meterId, contractId, readingDate: '2024-01-01', valueKwh: '10000.500', status: 'pending' });
    expect((await recordReading(t.db, { ...input, valueKwh: '1' })).id).toBe(first.id);
  });

  it('refuses bad input, readings before supply start and values below an earlier valid reading', async () => {
    const { contractId } = await insertContract(t.db, { startDate: '2024-01-01' });
    const base = { contractId, source: 'customer' as const };
    const field = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => (e instanceof ReadingError ? e.field : String(e)),
      );
    expect(await field(recordReading(t.db, { ...base, readingDate: '2023-12-31', valueKwh: '1', businessKey: 'x1' }))).toBe('readingDate');
    expect(await field(recordReading(t.db, { ...base, readingDate: '2024-02-30', valueKwh: '1', businessKey: 'x2' }))).toBe('readingDate');
    expect(await field(recordReading(t.db, { ...base, readingDate: '2024-02-01', valueKwh: '1.2345', businessKey: 'x3' }))).toBe(
      'valueKwh',
    );
    expect(await field(recordReading(t.db, { ...base, readingDate: '2024-02-01', valueKwh: '-1', businessKey: 'x4' }))).toBe('valueKwh');
    expect(
      await field(
        recordReading(t.db, {
          ...base,
          contractId: '00000000-0000-0000-0000-000000000000',
          readingDate: '2024-02-01',
          valueKwh: '1',
          businessKey: 'x5',
        }),
      ),
    ).toBe('contractId');

    const jan = await recordReading(t.db, { ...base, readingDate: '2024-01-01', valueKwh: '5000', businessKey: `r:${contractId}:jan` });
    // A pending reading binds nothing yet; an accepted one does.
    expect(
      await field(recordReading(t.db, { ...base, readingDate: '2024-03-01', valueKwh: '4000', businessKey: `r:${contractId}:mar0` })),
    ).toBe('ok');
    await setReadingStatus(t.db, jan.id, 'accepted', 'sachbearbeiter');
    expect(
      await field(recordReading(t.db, { ...base, readingDate: '2024-04-01', valueKwh: '4999', businessKey: `r:${contractId}:apr` })),
    ).toBe('valueKwh');
    const jun = await recordReading(t.db, { ...base, readingDate: '2024-06-01', valueKwh: '6000', businessKey: `r:${contractId}:jun` });
    await setReadingStatus(t.db, jun.id, 'plausible');
    // A value above a later valid reading is just as impossible.
    expect(
      await field(recordReading(t.db, { ...base, readingDate: '2024-05-01', valueKwh: '6500', businessKey: `r:${contractId}:may` })),
    ).toBe('valueKwh');
  });

  it('finds the latest valid reading on or before a date, and sets statuses', async () => {
    const { contractId } = await insertContract(t.db, { startDate: '2024-01-01' });
    const rec = (date: string, value: string) =>
      recordReading(t.db, { contractId, readingDate: date, valueKwh: value, source: 'customer', businessKey: `r:${contractId}:${date}` });
    const a = await rec('2024-01-01', '100');
    const b = await rec('2024-06-01', '1900');
    await rec('2024-09-01', '2500');
    await setReadingStatus(t.db, a.id, 'accepted');
    const decided = await setReadingStatus(t.db, b.id, 'plausible', 'pruefung');
    expect(decided).toMatchObject({ status: 'plausible', decidedBy: 'pruefung' });
    expect((await latestReading(t.db, contractId, '2024-12-31'))?.id).toBe(b.id);
    expect((await latestReading(t.db, contractId, '2024-05-31'))?.id).toBe(a.id);
    expect(await latestReading(t.db, contractId, '2023-12-31')).toBeUndefined();
    expect((await latestReading(t.db, contractId, '2024-12-31', ['pending']))?.valueKwh).toBe('2500.000');
    await expect(setReadingStatus(t.db, '00000000-0000-0000-0000-000000000000', 'accepted')).rejects.toMatchObject({ field: 'id' });
  });
});
