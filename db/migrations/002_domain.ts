import type { Knex } from 'knex';

/**
 * The order-to-contract domain. Job workers are retried by the engine, so every table a worker
 * writes has a unique business key (order id, idempotency key, business key): a retried job
 * inserts with ON CONFLICT DO NOTHING and reads back what the first attempt created.
 *
 * Zeebe keys are 64-bit; they are kept as decimal text, as the Camunda REST API does, so they
 * never lose precision in JavaScript.
 */
export async function up(knex: Knex): Promise<void> {
  const uuid = () => knex.raw('gen_random_uuid()');
  const now = () => knex.fn.now();

  await knex.schema.createTable('orders', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    // Header `Idempotency-Key`: a retried POST finds the order it created before.
    t.text('idempotency_key').unique();
    t.text('status').notNullable().defaultTo('received');
    t.integer('score');
    t.text('traffic_light');
    t.text('decision');
    t.jsonb('reasons').notNullable().defaultTo('[]');
    t.jsonb('missing_data').notNullable().defaultTo('[]');
    t.text('process_instance_key');
    // Keys of the duplicate check (Dublette), see domain/orders/normalise.ts.
    t.text('person_key');
    t.text('address_key');
    t.text('meter_number');
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['person_key', 'address_key']);
    t.index(['meter_number']);
    t.index(['process_instance_key']);
  });
  await knex.raw(`ALTER TABLE orders ADD CONSTRAINT orders_traffic_light_check
    CHECK (traffic_light IN ('red', 'yellow', 'green'))`);

  await knex.schema.createTable('customers', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('customer_number').notNullable().unique();
    // One customer per order: a retried "create contract" job finds it. Null for merged customers.
    t.uuid('created_by_order_id').unique().references('orders.id');
    t.text('first_name').notNullable();
    t.text('last_name').notNullable();
    t.date('birth_date').notNullable();
    t.text('email').notNullable();
    t.text('phone');
    t.jsonb('address').notNullable();
    t.text('person_key').notNullable();
    t.text('address_key').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['person_key', 'address_key']);
  });

  await knex.schema.createTable('contract_accounts', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('account_number').notNullable().unique();
    t.uuid('customer_id').notNullable().references('customers.id');
    t.uuid('created_by_order_id').unique().references('orders.id');
    t.text('payment_method').notNullable();
    t.jsonb('billing_address').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['customer_id']);
  });
  await knex.raw(`ALTER TABLE contract_accounts ADD CONSTRAINT contract_accounts_payment_method_check
    CHECK (payment_method IN ('sepa_direct_debit', 'bank_transfer', 'prepayment'))`);

  // A meter is a physical device; contracts at it come and go (move-in, move-out).
  await knex.schema.createTable('meters', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('meter_number').notNullable().unique();
    t.text('market_location_id');
    t.jsonb('location').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });

  await knex.schema.createTable('contracts', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('contract_number').notNullable().unique();
    // The idempotency anchor of the whole contract step: one contract per order.
    t.uuid('order_id').notNullable().unique().references('orders.id');
    t.uuid('customer_id').notNullable().references('customers.id');
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    t.uuid('meter_id').references('meters.id');
    t.text('status').notNullable().defaultTo('pending');
    t.text('tariff_code').notNullable();
    t.date('start_date');
    t.date('end_date');
    t.integer('annual_consumption_kwh').notNullable();
    t.jsonb('supply_address').notNullable();
    t.text('market_location_id');
    t.text('previous_supplier');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['meter_id', 'status']);
    t.index(['customer_id']);
  });
  await knex.raw(`ALTER TABLE contracts ADD CONSTRAINT contracts_status_check
    CHECK (status IN ('pending', 'active', 'terminated', 'cancelled'))`);

  await knex.schema.createTable('sepa_mandates', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('mandate_reference').notNullable().unique();
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    t.uuid('created_by_order_id').unique().references('orders.id');
    t.text('iban').notNullable();
    t.text('bic');
    t.text('account_holder').notNullable();
    t.date('signed_date').notNullable();
    t.text('status').notNullable().defaultTo('active');
    // A mandate lapses after 36 months without a collection.
    t.date('last_collection_date');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['contract_account_id']);
  });

  // Every bureau call is kept for audit (which bureau was asked, what it said).
  await knex.schema.createTable('bureau_requests', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('order_id').references('orders.id');
    t.text('bureau').notNullable();
    // Same order, bureau and person data: a retried job reuses the answer instead of paying twice.
    t.text('request_key').notNullable();
    t.text('outcome').notNullable();
    t.jsonb('request').notNullable();
    t.jsonb('response');
    t.jsonb('result');
    t.text('error');
    t.integer('duration_ms');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['order_id']);
  });
  await knex.raw(`ALTER TABLE bureau_requests ADD CONSTRAINT bureau_requests_outcome_check
    CHECK (outcome IN ('answered', 'person_unknown', 'failed'))`);
  // Failed calls may repeat; an answer is stored once per request key.
  await knex.raw(`CREATE UNIQUE INDEX bureau_requests_answered_key
    ON bureau_requests (request_key) WHERE outcome IN ('answered', 'person_unknown')`);

  await knex.schema.createTable('documents', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    // e.g. order:<id>:confirmation — a retried job never renders a second letter.
    t.text('business_key').notNullable().unique();
    t.uuid('order_id').references('orders.id');
    t.uuid('contract_id').references('contracts.id');
    t.text('kind').notNullable();
    t.text('file_name').notNullable();
    t.text('content_type').notNullable();
    t.text('file_path');
    t.binary('content');
    t.integer('size').notNullable();
    t.text('sha256').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['order_id']);
  });
  await knex.raw(`ALTER TABLE documents ADD CONSTRAINT documents_content_check
    CHECK (file_path IS NOT NULL OR content IS NOT NULL)`);

  await knex.schema.createTable('outbound_mails', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    // e.g. order:<id>:confirmation — a retried job never sends a second mail.
    t.text('business_key').notNullable().unique();
    t.text('message_id').notNullable();
    t.text('status').notNullable();
    t.text('to_address').notNullable();
    t.text('subject').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('claimed_at', { useTz: true });
    t.timestamp('sent_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });
  await knex.raw(`ALTER TABLE outbound_mails ADD CONSTRAINT outbound_mails_status_check
    CHECK (status IN ('sending', 'sent', 'failed'))`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'outbound_mails',
    'documents',
    'bureau_requests',
    'sepa_mandates',
    'contracts',
    'meters',
    'contract_accounts',
    'customers',
    'orders',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
