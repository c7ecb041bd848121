import type { Knex } from 'knex';

/**
 * Reports of negative payment experiences to the credit bureaus (§31 (2) no. 4 BDSG, the
 * Creditreform usage terms), and their transmission log.
 *
 * - `bureau_report_deliveries`: one transmission to one bureau: exactly what was sent (payload),
 *   when, and the bureau's answer. A run prepares its deliveries first (pending) and sends them
 *   after, so a retried job sends a pending delivery again under the same delivery id (the bureau
 *   deduplicates by it) and never prepares a claim twice.
 * - `bureau_report_records`: the claims a delivery carries, one per dunning case (one open case per
 *   account at a time). Unique by bureau, period and case: a rerun of a period reports nothing
 *   twice. The record's `state` is what was reported; the next run compares with the last accepted.
 */
export async function up(knex: Knex): Promise<void> {
  const uuid = () => knex.raw('gen_random_uuid()');
  const now = () => knex.fn.now();
  const check = (table: string, name: string, expr: string) => knex.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${expr})`);

  await knex.schema.createTable('bureau_report_deliveries', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    // bureau-report:<bureau>:<period>:<n>; sent as the delivery id the bureau deduplicates by.
    t.text('delivery_key').notNullable().unique();
    t.text('bureau').notNullable();
    // YYYY-MM: the month reported; report_date its cut-off day (Stichtag).
    t.text('period').notNullable();
    t.date('report_date').notNullable();
    t.integer('record_count').notNullable();
    t.text('content_type').notNullable();
    t.text('payload').notNullable();
    // pending (prepared, not yet answered) | accepted | partly_accepted | rejected
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('sent_at', { useTz: true });
    t.integer('response_status');
    t.text('response_body');
    // The bureau's receipt number (Creditreform ReceiptId, SCHUFA receiptId).
    t.text('receipt_id');
    t.text('run_process_instance_key');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['bureau', 'period']);
  });
  await check(
    'bureau_report_deliveries',
    'bureau_report_deliveries_status_check',
    `status IN ('pending', 'accepted', 'partly_accepted', 'rejected')`,
  );
  await check('bureau_report_deliveries', 'bureau_report_deliveries_period_check', `period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`);

  await knex.schema.createTable('bureau_report_records', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('delivery_id').notNullable().references('bureau_report_deliveries.id');
    t.text('bureau').notNullable();
    t.text('period').notNullable();
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    t.uuid('case_id').notNullable().references('dunning_cases.id');
    // new (first report of the claim) | update (paid, reduced, raised, written off, disputed)
    t.text('record_type').notNullable();
    // open | settled | written_off | disputed
    t.text('claim_status').notNullable();
    t.bigInteger('open_cents').notNullable();
    t.bigInteger('written_off_cents').notNullable().defaultTo(0);
    t.integer('dunning_level').notNullable();
    // pending | accepted | rejected (the bureau's answer per record)
    t.text('status').notNullable().defaultTo('pending');
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.unique(['bureau', 'period', 'case_id']);
    t.index(['case_id', 'bureau']);
    t.index(['contract_account_id']);
  });
  await check('bureau_report_records', 'bureau_report_records_type_check', `record_type IN ('new', 'update')`);
  await check(
    'bureau_report_records',
    'bureau_report_records_claim_status_check',
    `claim_status IN ('open', 'settled', 'written_off', 'disputed')`,
  );
  await check('bureau_report_records', 'bureau_report_records_status_check', `status IN ('pending', 'accepted', 'rejected')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bureau_report_records');
  await knex.schema.dropTableIfExists('bureau_report_deliveries');
}
