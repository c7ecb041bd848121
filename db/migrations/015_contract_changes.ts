import type { Knex } from 'knex';

/**
 * Contract changes a care case makes (domain/contracts: tariff-change, withdrawal, termination, move).
 *
 * - `tariffs.minimum_term_months`: the minimum term (Mindestlaufzeit) from the supply start; an
 *   ordinary termination ends at its end at the earliest. The notice period (`notice_period_days`)
 *   exists since 008. The two fixed-price products get 12 months.
 * - `contract_tariff_changes`: a tariff change from a date. The contract's `tariff_code` names the
 *   latest tariff; the rows keep which tariff held before, so a bill over the change prices each
 *   part with its own tariff (cut like a price change, §12 (2) StromGVV). One row per care case.
 * - A contract made by a move has no order: `order_id` becomes optional, `created_by_care_case_id`
 *   is its idempotency anchor (one contract per case), `predecessor_contract_id` the contract at
 *   the old address.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tariffs', (t) => {
    t.integer('minimum_term_months').notNullable().defaultTo(0);
  });
  await knex.raw(`ALTER TABLE tariffs ADD CONSTRAINT tariffs_minimum_term_check CHECK (minimum_term_months BETWEEN 0 AND 24)`);
  await knex('tariffs').whereIn('code', ['RHEIN-FIX-24', 'STROM-FIX-24']).update({ minimum_term_months: 12 });

  await knex.schema.createTable('contract_tariff_changes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('contract_id').notNullable().references('contracts.id');
    t.uuid('care_case_id').notNullable().unique().references('care_cases.id');
    t.date('valid_from').notNullable();
    t.text('from_tariff_code').notNullable().references('tariffs.code');
    t.text('to_tariff_code').notNullable().references('tariffs.code');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['contract_id', 'valid_from']);
  });

  await knex.raw(`ALTER TABLE contracts ALTER COLUMN order_id DROP NOT NULL`);
  await knex.schema.alterTable('contracts', (t) => {
    t.uuid('created_by_care_case_id').unique().references('care_cases.id');
    t.uuid('predecessor_contract_id').references('contracts.id');
  });
  // Every contract comes from an order or from a care case (a move).
  await knex.raw(`ALTER TABLE contracts ADD CONSTRAINT contracts_origin_check
    CHECK (order_id IS NOT NULL OR created_by_care_case_id IS NOT NULL)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE contracts DROP CONSTRAINT IF EXISTS contracts_origin_check`);
  await knex.schema.alterTable('contracts', (t) => {
    t.dropColumns('created_by_care_case_id', 'predecessor_contract_id');
  });
  await knex.raw(`ALTER TABLE contracts ALTER COLUMN order_id SET NOT NULL`);
  await knex.schema.dropTableIfExists('contract_tariff_changes');
  await knex.raw(`ALTER TABLE tariffs DROP CONSTRAINT IF EXISTS tariffs_minimum_term_check`);
  await knex.schema.alterTable('tariffs', (t) => {
    t.dropColumn('minimum_term_months');
  });
}
