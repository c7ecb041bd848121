import type { Knex } from 'knex';

/**
 * Contract accounting: tariffs, readings, installment plans, the ledger, bills, SEPA payment
 * orders and files, bank statements.
 *
 * The ledger is append-only and the database enforces it, not only the code:
 * - `ledger_documents`, `ledger_lines`, `clearing_allocations` and `tariff_versions` refuse
 *   UPDATE and DELETE (a correction is a reversal; a price change is a new version);
 * - every INSERT into `ledger_lines` must leave each document it touches balanced (its lines sum
 *   to zero), and every INSERT into `clearing_allocations` each clearing balanced and no item
 *   cleared beyond its amount. Statement-level triggers check this set-based, so a run that posts
 *   100,000 documents in a few statements pays one check per statement, not per row.
 * - `open_items` is a projection the triggers keep: the open amount of every customer item.
 *
 * Amounts are integer cents (bigint); prices per kWh are numeric, read as strings into decimal.js.
 */
export async function up(knex: Knex): Promise<void> {
  const uuid = () => knex.raw('gen_random_uuid()');
  const now = () => knex.fn.now();
  const check = (table: string, name: string, expr: string) => knex.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${expr})`);

  // ---- Products and prices -------------------------------------------------------------------
  await knex.schema.createTable('tariffs', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.text('commodity').notNullable();
    // standard | scaled (Staffel: one price by total consumption) | tiered (price per band) |
    // prepaid | package (included kWh per period) | modular (customer picks modules)
    t.text('product_kind').notNullable().defaultTo('standard');
    // A B2B price for one customer only; null = offered to everyone.
    t.uuid('customer_id').references('customers.id');
    t.integer('billing_period_months').notNullable().defaultTo(12);
    t.integer('notice_period_days').notNullable().defaultTo(30);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });
  await check('tariffs', 'tariffs_commodity_check', `commodity IN ('electricity', 'gas')`);
  await check('tariffs', 'tariffs_kind_check', `product_kind IN ('standard', 'scaled', 'tiered', 'prepaid', 'package', 'modular')`);
  await check('tariffs', 'tariffs_period_check', `billing_period_months BETWEEN 1 AND 12`);

  await knex.schema.createTable('tariff_versions', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('tariff_code').notNullable().references('tariffs.code');
    t.date('valid_from').notNullable();
    // Net prices in euros; VAT comes from vat_rates by date.
    t.decimal('base_price_month_net', 12, 4).notNullable();
    t.decimal('working_price_kwh_net', 12, 6).notNullable();
    // Scaled/tiered bands: [{ upToKwh: number|null, workingPriceKwhNet: "0.25", basePriceMonthNet?: "9.50" }]
    t.jsonb('price_tiers').notNullable().defaultTo('[]');
    // Modular add-ons: [{ code, name, basePriceMonthNet, workingPriceKwhNet }]
    t.jsonb('modules').notNullable().defaultTo('[]');
    // Package products: { includedKwh, packagePriceNet (per billing period), extraKwhNet }
    t.jsonb('package');
    t.text('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.unique(['tariff_code', 'valid_from']);
  });

  await knex.schema.createTable('vat_rates', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('commodity').notNullable();
    t.date('valid_from').notNullable();
    t.decimal('rate_percent', 5, 2).notNullable();
    t.unique(['commodity', 'valid_from']);
  });
  await check('vat_rates', 'vat_rates_commodity_check', `commodity IN ('electricity', 'gas')`);

  await knex.schema.alterTable('contracts', (t) => {
    t.jsonb('tariff_modules').notNullable().defaultTo('[]');
    // First day of the running billing period (at most 12 months, §40b EnWG).
    t.date('billing_period_start');
    t.text('installment_cadence').notNullable().defaultTo('monthly');
    t.text('end_reason');
  });
  await check('contracts', 'contracts_cadence_check', `installment_cadence IN ('monthly', 'quarterly', 'half_yearly')`);

  // How the account's bills reach the customer (added before 008 shipped): email (the PDF attached)
  // or paper (the PDF goes into the day's print run). B2B accounts may get an e-invoice besides:
  // xrechnung (the CII XML attached to the mail) or zugferd (the Factur-X PDF instead of the plain one).
  await knex.schema.alterTable('contract_accounts', (t) => {
    t.text('bill_delivery').notNullable().defaultTo('email');
    t.text('e_invoice');
  });
  await check('contract_accounts', 'contract_accounts_bill_delivery_check', `bill_delivery IN ('email', 'paper')`);
  await check('contract_accounts', 'contract_accounts_e_invoice_check', `e_invoice IS NULL OR e_invoice IN ('xrechnung', 'zugferd')`);

  // ---- Meter readings ------------------------------------------------------------------------
  await knex.schema.createTable('meter_readings', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    // e.g. reading:<contract>:<date>:<source> or the caller's Idempotency-Key.
    t.text('business_key').notNullable().unique();
    t.uuid('meter_id').notNullable().references('meters.id');
    t.uuid('contract_id').references('contracts.id');
    t.date('reading_date').notNullable();
    t.decimal('value_kwh', 14, 3).notNullable();
    // customer | case_worker | meter_operator | estimate
    t.text('source').notNullable();
    // pending (in the plausibility check) | plausible | implausible (a case worker decides) | accepted | rejected
    t.text('status').notNullable().defaultTo('pending');
    t.text('note');
    t.text('decided_by');
    t.text('process_instance_key');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['meter_id', 'reading_date']);
    t.index(['contract_id', 'reading_date']);
  });
  await check('meter_readings', 'meter_readings_source_check', `source IN ('customer', 'case_worker', 'meter_operator', 'estimate')`);
  await check('meter_readings', 'meter_readings_status_check', `status IN ('pending', 'plausible', 'implausible', 'accepted', 'rejected')`);

  // ---- Installment plans (Abschlagspläne) ----------------------------------------------------
  await knex.schema.createTable('installment_plans', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('business_key').notNullable().unique();
    t.uuid('contract_id').notNullable().references('contracts.id');
    t.date('valid_from').notNullable();
    t.text('cadence').notNullable();
    // Gross amount per installment.
    t.bigInteger('amount_cents').notNullable();
    // active | superseded | pending_approval | rejected
    t.text('status').notNullable();
    t.text('reason').notNullable();
    t.text('requested_by');
    t.text('decided_by');
    // The installment run has posted every installment due up to this day (null: none yet).
    t.date('posted_through');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['contract_id', 'status']);
  });
  await check('installment_plans', 'installment_plans_cadence_check', `cadence IN ('monthly', 'quarterly', 'half_yearly')`);
  await check('installment_plans', 'installment_plans_status_check', `status IN ('active', 'superseded', 'pending_approval', 'rejected')`);
  await check('installment_plans', 'installment_plans_amount_check', `amount_cents >= 0`);
  await knex.raw(`CREATE UNIQUE INDEX installment_plans_one_active ON installment_plans (contract_id) WHERE status = 'active'`);

  // ---- The ledger ----------------------------------------------------------------------------
  await knex.raw(`CREATE SEQUENCE ledger_document_number_seq`);
  await knex.schema.createTable('ledger_documents', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('document_number').notNullable().unique();
    // What made it: installment:<contract>:<due>, bill:<id>, bank-entry:<id>, … A retry finds it.
    t.text('business_key').notNullable().unique();
    // installment | bill | payment | return | fee | refund | reversal | write_off
    t.text('kind').notNullable();
    t.uuid('contract_account_id').references('contract_accounts.id');
    t.date('posting_date').notNullable();
    t.text('reference');
    t.text('text').notNullable();
    t.uuid('reverses_document_id').unique().references('ledger_documents.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['contract_account_id']);
  });
  await check(
    'ledger_documents',
    'ledger_documents_kind_check',
    `kind IN ('installment', 'bill', 'payment', 'return', 'fee', 'refund', 'reversal', 'write_off')`,
  );

  await knex.schema.createTable('ledger_lines', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('document_id').notNullable().references('ledger_documents.id');
    t.integer('line_no').notNullable();
    // receivable (the customer's items) | revenue | vat | down_payments | bank | fee_income | bank_charges | write_off
    t.text('gl_account').notNullable();
    t.uuid('contract_account_id').references('contract_accounts.id');
    t.uuid('contract_id').references('contracts.id');
    // On receivable lines: installment | bill | credit | payment | return | fee | refund | reversal
    t.text('item_type');
    // Positive: the customer owes us (debit); negative: we owe the customer (credit).
    t.bigInteger('amount_cents').notNullable();
    t.date('due_date');
    t.decimal('vat_rate_percent', 5, 2);
    t.text('text').notNullable();
    t.unique(['document_id', 'line_no']);
    t.index(['contract_account_id']);
  });
  await check(
    'ledger_lines',
    'ledger_lines_item_check',
    `(gl_account = 'receivable') = (contract_account_id IS NOT NULL AND item_type IS NOT NULL)`,
  );
  await check(
    'ledger_lines',
    'ledger_lines_gl_check',
    `gl_account IN ('receivable', 'revenue', 'vat', 'down_payments', 'bank', 'fee_income', 'bank_charges', 'write_off')`,
  );

  // The installments requested of a contract in a billing period (the bill releases them).
  await knex.raw(`CREATE INDEX ledger_lines_down_payments ON ledger_lines (contract_id, due_date) WHERE gl_account = 'down_payments'`);

  await knex.schema.createTable('clearings', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('business_key').notNullable().unique();
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    t.date('clearing_date').notNullable();
    // A reset (e.g. a return debit reopens the item) is a clearing of its own with negated allocations.
    t.uuid('resets_clearing_id').unique().references('clearings.id');
    t.text('reason').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });
  await knex.schema.createTable('clearing_allocations', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('clearing_id').notNullable().references('clearings.id');
    t.uuid('line_id').notNullable().references('ledger_lines.id');
    // Same sign as the line: how much of it this clearing settles (negated in a reset).
    t.bigInteger('amount_cents').notNullable();
    t.index(['line_id']);
    t.index(['clearing_id']);
  });

  await knex.schema.createTable('open_items', (t) => {
    t.uuid('line_id').primary().references('ledger_lines.id');
    t.uuid('contract_account_id').notNullable();
    t.bigInteger('amount_cents').notNullable();
    t.bigInteger('open_cents').notNullable();
    t.date('due_date');
    t.text('item_type').notNullable();
  });
  await knex.raw(`CREATE INDEX open_items_account ON open_items (contract_account_id) WHERE open_cents <> 0`);
  await knex.raw(`CREATE INDEX open_items_due ON open_items (due_date) WHERE open_cents <> 0`);

  await knex.raw(`
    CREATE FUNCTION accounting_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% rows are immutable: post a reversal or a new version instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
    END $$`);
  for (const table of ['ledger_documents', 'ledger_lines', 'clearings', 'clearing_allocations', 'tariff_versions']) {
    await knex.raw(
      `CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION accounting_immutable()`,
    );
  }

  await knex.raw(`
    CREATE FUNCTION ledger_lines_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE unbalanced uuid;
    BEGIN
      SELECT document_id INTO unbalanced FROM new_lines GROUP BY document_id HAVING sum(amount_cents) <> 0 LIMIT 1;
      IF unbalanced IS NOT NULL THEN
        RAISE EXCEPTION 'ledger document % is not balanced: its lines must sum to zero', unbalanced
          USING ERRCODE = 'check_violation';
      END IF;
      INSERT INTO open_items (line_id, contract_account_id, amount_cents, open_cents, due_date, item_type)
        SELECT id, contract_account_id, amount_cents, amount_cents, due_date, item_type
        FROM new_lines WHERE gl_account = 'receivable';
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER ledger_lines_balanced AFTER INSERT ON ledger_lines
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION ledger_lines_after_insert()`);

  await knex.raw(`
    CREATE FUNCTION clearing_allocations_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE bad uuid;
    BEGIN
      SELECT clearing_id INTO bad FROM new_allocations GROUP BY clearing_id HAVING sum(amount_cents) <> 0 LIMIT 1;
      IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'clearing % is not balanced: its allocations must sum to zero', bad USING ERRCODE = 'check_violation';
      END IF;
      UPDATE open_items o SET open_cents = o.open_cents - a.total
        FROM (SELECT line_id, sum(amount_cents) AS total FROM new_allocations GROUP BY line_id) a
        WHERE o.line_id = a.line_id;
      SELECT o.line_id INTO bad FROM open_items o JOIN new_allocations a ON a.line_id = o.line_id
        WHERE (o.amount_cents >= 0 AND (o.open_cents < 0 OR o.open_cents > o.amount_cents))
           OR (o.amount_cents < 0 AND (o.open_cents > 0 OR o.open_cents < o.amount_cents))
        LIMIT 1;
      IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'item % would be cleared beyond its amount', bad USING ERRCODE = 'check_violation';
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER clearing_allocations_balanced AFTER INSERT ON clearing_allocations
    REFERENCING NEW TABLE AS new_allocations FOR EACH STATEMENT EXECUTE FUNCTION clearing_allocations_after_insert()`);

  // ---- Bills ---------------------------------------------------------------------------------
  await knex.raw(`CREATE SEQUENCE bill_number_seq`);
  await knex.schema.createTable('bills', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('bill_number').notNullable().unique();
    // bill:<contract>:<kind>:<period end> — one bill per period; a correction has its own key.
    t.text('business_key').notNullable().unique();
    t.uuid('contract_id').notNullable().references('contracts.id');
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    t.text('kind').notNullable();
    t.date('period_start').notNullable();
    t.date('period_end').notNullable();
    t.date('bill_date').notNullable();
    t.bigInteger('net_cents').notNullable();
    t.bigInteger('vat_cents').notNullable();
    t.bigInteger('gross_cents').notNullable();
    t.bigInteger('installments_cents').notNullable();
    // gross − installments: positive is due, negative is a credit.
    t.bigInteger('amount_due_cents').notNullable();
    t.date('due_date').notNullable();
    t.uuid('ledger_document_id').notNullable().references('ledger_documents.id');
    t.uuid('corrects_bill_id').references('bills.id');
    // The whole calculation (periods, lines, readings, comparison) the PDF shows.
    t.jsonb('calculation').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['contract_id']);
  });
  await check('bills', 'bills_kind_check', `kind IN ('annual', 'final', 'interim')`);
  await check('bills', 'bills_sum_check', `gross_cents = net_cents + vat_cents AND amount_due_cents = gross_cents - installments_cents`);
  await knex.schema.createTable('bill_cancellations', (t) => {
    t.uuid('bill_id').primary().references('bills.id');
    t.uuid('reversal_document_id').notNullable().references('ledger_documents.id');
    t.text('reason').notNullable();
    t.text('cancelled_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });

  // ---- Payments out (SEPA) -------------------------------------------------------------------
  await knex.schema.createTable('payment_files', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    // pain.008 (direct debits) | pain.001 (credit transfers)
    t.text('kind').notNullable();
    t.text('message_id').notNullable().unique();
    // The run that made it: a retried run finds its file.
    t.text('business_key').notNullable().unique();
    t.date('execution_date').notNullable();
    t.integer('transaction_count').notNullable();
    t.bigInteger('control_sum_cents').notNullable();
    t.text('xml').notNullable();
    t.text('sha256').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });
  await check('payment_files', 'payment_files_kind_check', `kind IN ('pain.008', 'pain.001')`);

  await knex.schema.createTable('payment_orders', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    // debit (collect an item by direct debit) | credit (pay a credit out)
    t.text('kind').notNullable();
    t.uuid('line_id').notNullable().references('ledger_lines.id');
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    t.uuid('mandate_id').references('sepa_mandates.id');
    t.bigInteger('amount_cents').notNullable();
    t.text('end_to_end_id').notNullable().unique();
    t.text('sequence_type');
    t.date('execution_date').notNullable();
    t.text('counterparty_name').notNullable();
    t.text('counterparty_iban').notNullable();
    t.text('remittance').notNullable();
    t.uuid('file_id').references('payment_files.id');
    // pending | in_file | settled | returned
    t.text('status').notNullable().defaultTo('pending');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    // An item is collected or paid out at most once, whatever a retried run does.
    t.unique(['kind', 'line_id']);
    t.index(['status', 'execution_date']);
  });
  await check('payment_orders', 'payment_orders_kind_check', `kind IN ('debit', 'credit')`);
  await check('payment_orders', 'payment_orders_amount_check', `amount_cents > 0`);

  // ---- Payments in (camt) --------------------------------------------------------------------
  await knex.schema.createTable('bank_statements', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    // The same file twice is the same statement (idempotent upload).
    t.text('sha256').notNullable().unique();
    t.text('message_id').notNullable().unique();
    t.text('file_name').notNullable();
    t.text('format').notNullable();
    t.text('version').notNullable();
    t.text('content').notNullable();
    t.integer('entry_count').notNullable();
    // received | matching | done | failed
    t.text('status').notNullable().defaultTo('received');
    t.text('process_instance_key');
    t.text('uploaded_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.timestamp('finished_at', { useTz: true });
  });

  await knex.schema.createTable('bank_entries', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('statement_id').notNullable().references('bank_statements.id');
    t.text('entry_ref').notNullable();
    t.integer('tx_index').notNullable();
    t.text('credit_debit').notNullable();
    t.bigInteger('amount_cents').notNullable();
    t.date('booking_date');
    t.date('value_date');
    t.text('end_to_end_id');
    t.text('creditor_reference');
    t.text('remittance').notNullable().defaultTo('');
    t.text('counterparty_name');
    t.text('counterparty_iban');
    t.boolean('is_return').notNullable().defaultTo(false);
    t.text('return_reason');
    t.bigInteger('charges_cents').notNullable().defaultTo(0);
    // new | matched | unmatched (a clarification task is open) | clarified | returned | ignored
    t.text('status').notNullable().defaultTo('new');
    t.text('match_method');
    t.integer('match_score');
    t.uuid('contract_account_id').references('contract_accounts.id');
    t.jsonb('candidates').notNullable().defaultTo('[]');
    t.text('decided_by');
    t.unique(['statement_id', 'entry_ref', 'tx_index']);
    t.index(['statement_id', 'status']);
    t.index(['end_to_end_id']);
  });
  await check('bank_entries', 'bank_entries_cd_check', `credit_debit IN ('CRDT', 'DBIT')`);
  await check('bank_entries', 'bank_entries_status_check', `status IN ('new', 'matched', 'unmatched', 'clarified', 'returned', 'ignored')`);

  // Claims of the runs that start one instance per case (billing run): a rerun starts none twice.
  await knex.schema.createTable('process_starts', (t) => {
    t.text('business_key').primary();
    t.text('process_instance_key');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });

  // ---- Default products, so a contract from the order API can be billed on a fresh install ---
  await knex('vat_rates').insert([
    { commodity: 'electricity', valid_from: '2007-01-01', rate_percent: '19' },
    { commodity: 'electricity', valid_from: '2020-07-01', rate_percent: '16' },
    { commodity: 'electricity', valid_from: '2021-01-01', rate_percent: '19' },
    { commodity: 'gas', valid_from: '2007-01-01', rate_percent: '19' },
    { commodity: 'gas', valid_from: '2020-07-01', rate_percent: '16' },
    { commodity: 'gas', valid_from: '2021-01-01', rate_percent: '19' },
    { commodity: 'gas', valid_from: '2022-10-01', rate_percent: '7' },
    { commodity: 'gas', valid_from: '2024-04-01', rate_percent: '19' },
  ]);
  await knex('tariffs').insert([
    { code: 'RHEIN-FIX-24', name: 'Rhein Strom Fix 24', commodity: 'electricity' },
    { code: 'STROM-FIX-24', name: 'Strom Fix 24', commodity: 'electricity' },
    { code: 'RHEIN-GAS-24', name: 'Rhein Gas 24', commodity: 'gas' },
  ]);
  await knex('tariff_versions').insert([
    { tariff_code: 'RHEIN-FIX-24', valid_from: '2020-01-01', base_price_month_net: '10.0000', working_price_kwh_net: '0.252100' },
    { tariff_code: 'STROM-FIX-24', valid_from: '2020-01-01', base_price_month_net: '9.5000', working_price_kwh_net: '0.260000' },
    { tariff_code: 'RHEIN-GAS-24', valid_from: '2020-01-01', base_price_month_net: '12.0000', working_price_kwh_net: '0.085000' },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'process_starts',
    'bank_entries',
    'bank_statements',
    'payment_orders',
    'payment_files',
    'bill_cancellations',
    'bills',
    'open_items',
    'clearing_allocations',
    'clearings',
    'ledger_lines',
    'ledger_documents',
    'installment_plans',
    'meter_readings',
    'vat_rates',
    'tariff_versions',
    'tariffs',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP FUNCTION IF EXISTS ledger_lines_after_insert, clearing_allocations_after_insert, accounting_immutable');
  await knex.raw('DROP SEQUENCE IF EXISTS ledger_document_number_seq, bill_number_seq');
  await knex.schema.alterTable('contracts', (t) => {
    t.dropColumns('tariff_modules', 'billing_period_start', 'installment_cadence', 'end_reason');
  });
  await knex.schema.alterTable('contract_accounts', (t) => {
    t.dropColumns('bill_delivery', 'e_invoice');
  });
}
