import type { Knex } from 'knex';

/**
 * The phone app "Mobil": credit checks asked from the phone, each logged with its purpose (GDPR
 * Art. 6(1)(f): the legitimate interest must be named for every query) and who asked when, and the
 * claims captured on the phone with a photo of the invoice, handed to the process claim-collection.
 *
 * The bureau calls of a credit check stay in bureau_requests (the audit of every paid call); a call
 * belongs to an order or to a credit check.
 */
export async function up(knex: Knex): Promise<void> {
  const uuid = () => knex.raw('gen_random_uuid()');
  const now = () => knex.fn.now();
  const check = (table: string, name: string, expr: string) => knex.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${expr})`);

  await knex.schema.createTable('credit_checks', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('requested_by').notNullable();
    // contract_initiation | claim_review | business_relationship (domain/credit-checks)
    t.text('purpose').notNullable();
    // The person asked about: firstName, lastName, birthDate, address.
    t.jsonb('subject').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.text('traffic_light');
    t.integer('score');
    t.boolean('fraud_suspicion');
    t.boolean('person_unknown');
    // Per bureau: {bureau, outcome, score, trafficLight, fraudSuspicion}
    t.jsonb('results');
    t.text('process_instance_key');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.timestamp('completed_at', { useTz: true });
    t.index(['requested_by', 'created_at']);
  });
  await check(
    'credit_checks',
    'credit_checks_purpose_check',
    `purpose IN ('contract_initiation', 'claim_review', 'business_relationship')`,
  );
  await check('credit_checks', 'credit_checks_status_check', `status IN ('pending', 'completed', 'failed')`);
  await check('credit_checks', 'credit_checks_light_check', `traffic_light IS NULL OR traffic_light IN ('green', 'yellow', 'red')`);

  await knex.schema.alterTable('bureau_requests', (t) => {
    t.uuid('credit_check_id').references('credit_checks.id');
    t.index(['credit_check_id']);
  });

  await knex.raw(`CREATE SEQUENCE captured_claim_number_seq START 1`);
  await knex.schema.createTable('captured_claims', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('claim_number').notNullable().unique().defaultTo(knex.raw(`'FE-' || lpad(nextval('captured_claim_number_seq')::text, 8, '0')`));
    t.text('captured_by').notNullable();
    t.text('debtor_name').notNullable();
    // {street, houseNumber, postalCode, city}
    t.jsonb('debtor_address').notNullable();
    t.text('debtor_email').notNullable();
    t.text('debtor_phone');
    t.bigInteger('amount_cents').notNullable();
    t.text('invoice_number').notNullable();
    t.date('due_date').notNullable();
    t.uuid('photo_attachment_id').notNullable().references('attachments.id');
    t.date('captured_on').notNullable();
    // captured → notified → reminded → collection, or paid at any step
    t.text('status').notNullable().defaultTo('captured');
    t.date('paid_on');
    // The file handed to collection (domain/collection's agency format).
    t.text('collection_file');
    t.text('process_instance_key');
    // A retried capture (same Idempotency-Key) finds its claim instead of capturing it twice.
    t.text('idempotency_key').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['captured_by', 'created_at']);
  });
  await check('captured_claims', 'captured_claims_amount_check', `amount_cents > 0`);
  await check('captured_claims', 'captured_claims_status_check', `status IN ('captured', 'notified', 'reminded', 'paid', 'collection')`);

  // What the process did with a claim, once per step: a retried job finds its step done.
  await knex.schema.createTable('captured_claim_steps', (t) => {
    t.uuid('claim_id').notNullable().references('captured_claims.id');
    // first_notice | email_reminder | sms_reminder | handover
    t.text('step').notNullable();
    t.date('done_on').notNullable();
    t.jsonb('detail');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.primary(['claim_id', 'step']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('captured_claim_steps');
  await knex.schema.dropTableIfExists('captured_claims');
  await knex.raw('DROP SEQUENCE IF EXISTS captured_claim_number_seq');
  await knex.schema.alterTable('bureau_requests', (t) => {
    t.dropIndex(['credit_check_id']);
    t.dropColumn('credit_check_id');
  });
  await knex.schema.dropTableIfExists('credit_checks');
}
