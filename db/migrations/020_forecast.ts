import type { Knex } from 'knex';

/**
 * The revenue forecast's cost basis (domain/forecast): what supplying a product's customers costs,
 * net, so the forecast can show the contribution margin (Deckungsbeitrag). Tariffs hold prices
 * only, so analysts keep these figures here, one row per product from a date (a change is a new
 * row, like tariff_versions):
 * - procurement_kwh_net: energy procurement per kWh;
 * - network_kwh_net: network charges, levies and taxes per kWh (Netzentgelt, Umlagen,
 *   Strom-/Energiesteuer, Konzessionsabgabe);
 * - network_month_net: per customer and month (network base price, metering);
 * - load_profile: the standard load profile spreading the annual consumption over the months
 *   (H0 household electricity, HEF household gas; domain/forecast/profiles.ts).
 * Seeded for the default products with figures of German household supply around 2025.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('forecast_cost_bases', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('tariff_code').notNullable().references('tariffs.code');
    t.date('valid_from').notNullable();
    t.decimal('procurement_kwh_net', 12, 6).notNullable();
    t.decimal('network_kwh_net', 12, 6).notNullable();
    t.decimal('network_month_net', 12, 4).notNullable();
    t.text('load_profile').notNullable();
    t.text('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tariff_code', 'valid_from']);
  });
  await knex.raw(`ALTER TABLE forecast_cost_bases ADD CONSTRAINT forecast_cost_bases_profile_check CHECK (load_profile IN ('H0', 'HEF'))`);
  await knex.raw(`ALTER TABLE forecast_cost_bases ADD CONSTRAINT forecast_cost_bases_amounts_check
    CHECK (procurement_kwh_net >= 0 AND network_kwh_net >= 0 AND network_month_net >= 0)`);

  const seed = [
    {
      tariff_code: 'RHEIN-FIX-24',
      procurement_kwh_net: '0.105000',
      network_kwh_net: '0.135000',
      network_month_net: '5.5000',
      load_profile: 'H0',
    },
    {
      tariff_code: 'STROM-FIX-24',
      procurement_kwh_net: '0.105000',
      network_kwh_net: '0.135000',
      network_month_net: '5.5000',
      load_profile: 'H0',
    },
    {
      tariff_code: 'RHEIN-GAS-24',
      procurement_kwh_net: '0.045000',
      network_kwh_net: '0.025000',
      network_month_net: '4.0000',
      load_profile: 'HEF',
    },
  ];
  const present = new Set(
    (await knex('tariffs')
      .whereIn(
        'code',
        seed.map((s) => s.tariff_code),
      )
      .pluck('code')) as string[],
  );
  const rows = seed.filter((s) => present.has(s.tariff_code)).map((s) => ({ ...s, valid_from: '2020-01-01', created_by: 'migration' }));
  if (rows.length) await knex('forecast_cost_bases').insert(rows);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('forecast_cost_bases');
}
