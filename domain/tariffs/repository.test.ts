import { databaseVariants, type TestDatabase } from '../../db/testing';
import { insertContract } from '../shared/test-fixtures';
import { addTariffVersion, addVatRate, createTariff, getTariff, listTariffs, vatRatesFor } from './repository';
import { tariffAvailableTo, TariffError, type NewTariff } from './types';

// The migration seeds RHEIN-FIX-24, STROM-FIX-24, RHEIN-GAS-24 and the VAT rates since 2007.
const rheinFix: NewTariff = {
  code: 'TEST-FIX-24',
  name: 'Test Fix 24',
  commodity: 'electricity',
  productKind: 'standard',
  firstVersion: { validFrom: '2024-01-01', basePriceMonthNet: '10.00', workingPriceKwhNet: '0.2521', createdBy: 'pricing' },
};

describe.each(databaseVariants())('tariff repository ($name)', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('creates a tariff with its first version and reads prices as decimal strings', async () => {
    const tariff = await createTariff(t.db, rheinFix);
    expect(tariff).toMatchObject({ code: 'TEST-FIX-24', productKind: 'standard', customerId: null, billingPeriodMonths: 12 });
    expect(tariff.versions).toEqual([
      expect.objectContaining({
        validFrom: '2024-01-01',
        basePriceMonthNet: '10',
        workingPriceKwhNet: '0.2521',
        priceTiers: [],
        package: null,
      }),
    ]);
    await expect(createTariff(t.db, rheinFix)).rejects.toMatchObject({ field: 'code' });
  });

  it('adds a price change as a new version and refuses one not after the latest', async () => {
    await addTariffVersion(t.db, 'TEST-FIX-24', { validFrom: '2024-07-01', basePriceMonthNet: '11.5', workingPriceKwhNet: '0.2699' });
    const err = await addTariffVersion(t.db, 'TEST-FIX-24', {
      validFrom: '2024-07-01',
      basePriceMonthNet: '12',
      workingPriceKwhNet: '0.28',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TariffError);
    expect((err as TariffError).field).toBe('validFrom');
    await expect(
      addTariffVersion(t.db, 'NOPE', { validFrom: '2025-01-01', basePriceMonthNet: '1', workingPriceKwhNet: '0.1' }),
    ).rejects.toMatchObject({
      field: 'code',
    });
    const tariff = await getTariff(t.db, 'TEST-FIX-24');
    expect(tariff!.versions.map((v) => [v.validFrom, v.workingPriceKwhNet])).toEqual([
      ['2024-01-01', '0.2521'],
      ['2024-07-01', '0.2699'],
    ]);
  });

  it('keeps a B2B tariff for its customer and stores tiers, modules and packages', async () => {
    const { customerId } = await insertContract(t.db);
    await createTariff(t.db, {
      code: 'B2B-STAFFEL',
      name: 'Gewerbe Staffel',
      commodity: 'electricity',
      productKind: 'scaled',
      customerId,
      firstVersion: {
        validFrom: '2024-01-01',
        basePriceMonthNet: '15',
        workingPriceKwhNet: '0',
        priceTiers: [
          { upToKwh: 10000, workingPriceKwhNet: '0.26' },
          { upToKwh: null, workingPriceKwhNet: '0.24', basePriceMonthNet: '25' },
        ],
      },
    });
    const all = await listTariffs(t.db);
    const b2b = all.find((x) => x.code === 'B2B-STAFFEL')!;
    expect(b2b.versions[0].priceTiers[1]).toEqual({ upToKwh: null, workingPriceKwhNet: '0.24', basePriceMonthNet: '25' });
    expect(tariffAvailableTo(b2b, customerId)).toBe(true);
    expect(tariffAvailableTo(b2b, 'someone-else')).toBe(false);
  });

  it('keeps VAT rates per commodity by date', async () => {
    await expect(addVatRate(t.db, { commodity: 'gas', validFrom: '2024-04-01', ratePercent: '19' })).rejects.toMatchObject({
      field: 'validFrom',
    });
    await expect(addVatRate(t.db, { commodity: 'gas', validFrom: '2030-01-01', ratePercent: '19.123' })).rejects.toMatchObject({
      field: 'ratePercent',
    });
    await addVatRate(t.db, { commodity: 'gas', validFrom: '2030-01-01', ratePercent: '20.00' });
    const gas = await vatRatesFor(t.db, 'gas');
    expect(gas.slice(-3)).toEqual([
      { commodity: 'gas', validFrom: '2022-10-01', ratePercent: '7' },
      { commodity: 'gas', validFrom: '2024-04-01', ratePercent: '19' },
      { commodity: 'gas', validFrom: '2030-01-01', ratePercent: '20' },
    ]);
  });
});
