import type { Knex } from 'knex';

/**
 * Dunning: the daily run's proposals, one dunning case per contract account, its notices, dunning
 * blocks (disputes), installment agreements, and the dated base rate of §247 BGB for default
 * interest. Collection, bureau reporting and the payment page keep their own tables (010–012).
 *
 * Charges of dunning (fees, interest, the B2B flat fee) are ledger items of their own, so the
 * ledger gains the kinds and accounts they need; the checks of 008 are replaced, not edited.
 */
export async function up(knex: Knex): Promise<void> {
  const uuid = () => knex.raw('gen_random_uuid()');
  const now = () => knex.fn.now();
  const check = (table: string, name: string, expr: string) => knex.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${expr})`);

  // ---- The ledger's new kinds and accounts -------------------------------------------------------
  await knex.raw(`ALTER TABLE ledger_documents DROP CONSTRAINT ledger_documents_kind_check`);
  await check(
    'ledger_documents',
    'ledger_documents_kind_check',
    `kind IN ('installment', 'bill', 'payment', 'return', 'fee', 'refund', 'reversal', 'write_off', 'interest', 'agreement', 'collection_cost')`,
  );
  await knex.raw(`ALTER TABLE ledger_lines DROP CONSTRAINT ledger_lines_gl_check`);
  await check(
    'ledger_lines',
    'ledger_lines_gl_check',
    `gl_account IN ('receivable', 'revenue', 'vat', 'down_payments', 'bank', 'fee_income', 'bank_charges', 'write_off', 'interest_income', 'collection_costs')`,
  );

  // ---- Who the customer is: consumer or business (§288 BGB: +5 or +9 points, the €40 flat fee) ----
  await knex.schema.alterTable('customers', (t) => {
    t.text('customer_type').notNullable().defaultTo('consumer');
  });
  await check('customers', 'customers_type_check', `customer_type IN ('consumer', 'business')`);
  // Basic supply (Grundversorgung, §19 StromGVV): only such products take the supply-interruption path.
  await knex.schema.alterTable('tariffs', (t) => {
    t.boolean('supply_interruption').notNullable().defaultTo(false);
  });

  // ---- Base rate (§247 BGB), dated; editable by analysts ----------------------------------------
  await knex.schema.createTable('base_rates', (t) => {
    t.date('valid_from').primary();
    t.decimal('rate_percent', 6, 3).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });
  await knex('base_rates').insert([
    { valid_from: '2023-01-01', rate_percent: '1.620' },
    { valid_from: '2023-07-01', rate_percent: '3.120' },
    { valid_from: '2024-01-01', rate_percent: '3.620' },
    { valid_from: '2024-07-01', rate_percent: '3.370' },
    { valid_from: '2025-01-01', rate_percent: '2.270' },
    { valid_from: '2025-07-01', rate_percent: '1.270' },
    { valid_from: '2026-01-01', rate_percent: '1.270' },
    { valid_from: '2026-07-01', rate_percent: '1.520' },
  ]);

  // ---- The dunning run: proposal first (set-based, inspectable), then activity --------------------
  await knex.schema.createTable('dunning_runs', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('run_key').notNullable().unique();
    t.date('run_date').notNullable();
    // proposed → started (every proposal has its process started or correlated)
    t.text('status').notNullable().defaultTo('proposed');
    t.integer('proposal_count').notNullable().defaultTo(0);
    t.integer('started_count').notNullable().defaultTo(0);
    t.integer('correlated_count').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });
  await knex.schema.createTable('dunning_proposals', (t) => {
    t.uuid('run_id').notNullable().references('dunning_runs.id');
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    // overdue | return (a returned debit among the items: its letter names the bank's reason)
    t.text('cause').notNullable();
    t.bigInteger('overdue_cents').notNullable();
    t.integer('item_count').notNullable();
    t.date('oldest_due_date').notNullable();
    // started | correlated (filled in by the activity step, in batches)
    t.text('action');
    t.primary(['run_id', 'contract_account_id']);
  });

  // ---- One dunning case per account at a time ---------------------------------------------------
  await knex.raw(`CREATE SEQUENCE dunning_case_number_seq`);
  await knex.schema.createTable('dunning_cases', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('case_number').notNullable().unique();
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    // open | paused (block) | agreement | collection | closed
    t.text('status').notNullable().defaultTo('open');
    t.text('cause').notNullable();
    // The procedure and variant the DMN chose (champion/challenger), kept for the statistics.
    t.text('procedure');
    t.text('variant');
    t.decimal('propensity', 5, 4);
    t.integer('level').notNullable().defaultTo(0);
    t.bigInteger('opened_cents').notNullable();
    t.date('opened_on').notNullable();
    t.date('closed_on');
    // paid | written_off | insolvency | agreement_kept | below_minimum | …
    t.text('close_reason');
    t.text('process_instance_key');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['contract_account_id']);
  });
  await check('dunning_cases', 'dunning_cases_status_check', `status IN ('open', 'paused', 'agreement', 'collection', 'closed')`);
  await knex.raw(`CREATE UNIQUE INDEX dunning_cases_one_open ON dunning_cases (contract_account_id) WHERE status <> 'closed'`);

  await knex.schema.createTable('dunning_notices', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    // dunning-notice:<case>:<level>: a retried job sends no second notice.
    t.text('business_key').notNullable().unique();
    t.uuid('case_id').notNullable().references('dunning_cases.id');
    // 0 = the friendly reminder, 1 and 2 = the dunning levels
    t.integer('level').notNullable();
    // email | letter | sms
    t.text('channel').notNullable();
    t.date('sent_on').notNullable();
    t.bigInteger('open_cents').notNullable();
    t.bigInteger('fee_cents').notNullable().defaultTo(0);
    t.bigInteger('interest_cents').notNullable().defaultTo(0);
    // The notice told the customer that a report to a credit bureau may follow (§31 BDSG).
    t.boolean('bureau_warning').notNullable().defaultTo(false);
    t.uuid('document_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['case_id']);
  });

  // Interest already charged per item up to a date: the next charge starts the day after.
  await knex.schema.createTable('interest_charges', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('line_id').notNullable().references('ledger_lines.id');
    t.date('from_date').notNullable();
    t.date('to_date').notNullable();
    t.bigInteger('amount_cents').notNullable();
    t.uuid('document_id').notNullable().references('ledger_documents.id');
    t.unique(['line_id', 'to_date']);
    t.index(['line_id']);
  });

  // ---- Dunning blocks (Mahnsperre): a dispute with a reason and an end date ----------------------
  await knex.schema.createTable('dunning_blocks', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    // The disputed item; null blocks the whole account.
    t.uuid('line_id').references('ledger_lines.id');
    t.text('reason').notNullable();
    t.date('valid_until').notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.timestamp('resolved_at', { useTz: true });
    // upheld (the customer was right: the item is corrected elsewhere) | rejected (dunning resumes) | lapsed (end date passed)
    t.text('resolution');
    t.text('resolution_note');
    t.index(['contract_account_id']);
  });
  await check('dunning_blocks', 'dunning_blocks_reason_check', `length(trim(reason)) > 0`);

  // ---- Installment agreements (Ratenzahlung) ----------------------------------------------------
  await knex.schema.createTable('installment_agreements', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('business_key').notNullable().unique();
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    t.uuid('case_id').references('dunning_cases.id');
    // active | kept | broken
    t.text('status').notNullable().defaultTo('active');
    t.bigInteger('total_cents').notNullable();
    t.integer('rate_count').notNullable();
    t.date('first_due_date').notNullable();
    // The ledger document that replaced the items by the rates.
    t.uuid('document_id').references('ledger_documents.id');
    // caseworker | payment_page | supply_avoidance
    t.text('origin').notNullable();
    t.date('created_on').notNullable();
    t.date('ended_on');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['contract_account_id']);
  });
  await check('installment_agreements', 'installment_agreements_status_check', `status IN ('active', 'kept', 'broken')`);

  // ---- Text messages: no SMS gateway runs here, so the channel logs what it would send ------------
  await knex.schema.createTable('sms_log', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    // One message per business key: a retried job sends no second SMS.
    t.text('business_key').notNullable().unique();
    t.text('phone').notNullable();
    t.text('text').notNullable();
    // log (the log-only channel) | sent (a gateway accepted it)
    t.text('status').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'sms_log',
    'installment_agreements',
    'dunning_blocks',
    'interest_charges',
    'dunning_notices',
    'dunning_cases',
    'dunning_proposals',
    'dunning_runs',
    'base_rates',
  ])
    await knex.schema.dropTableIfExists(table);
  await knex.raw('DROP SEQUENCE IF EXISTS dunning_case_number_seq');
  await knex.schema.alterTable('tariffs', (t) => t.dropColumn('supply_interruption'));
  await knex.raw('ALTER TABLE customers DROP CONSTRAINT IF EXISTS customers_type_check');
  await knex.schema.alterTable('customers', (t) => t.dropColumn('customer_type'));
}
