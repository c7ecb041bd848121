import type { Knex } from 'knex';

/**
 * Customer care (domain/care): every change a case worker or a customer asks for is a care case,
 * worked by its BPMN process, never a direct edit of a table. The case keeps the validated request,
 * who asked through which channel, the process instance and the outcome; its events are the audit
 * trail of every step that changed data. Attachments hold the photos customers and case workers
 * upload (meter readings, invoices of captured claims).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE SEQUENCE care_case_number_seq START 1`);
  await knex.schema.createTable('care_cases', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('case_number').notNullable().unique().defaultTo(knex.raw(`'SV-' || lpad(nextval('care_case_number_seq')::text, 8, '0')`));
    t.uuid('customer_id').notNullable().references('customers.id');
    t.uuid('contract_id').references('contracts.id');
    t.uuid('account_id').references('contract_accounts.id');
    t.text('kind').notNullable();
    t.text('channel').notNullable();
    t.text('requested_by').notNullable();
    t.jsonb('request').notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.jsonb('result');
    t.text('reason');
    t.text('process_instance_key');
    // A retried request (same Idempotency-Key) finds its case instead of opening a second one.
    t.text('idempotency_key').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
    t.index(['customer_id', 'created_at']);
  });
  await knex.raw(`ALTER TABLE care_cases ADD CONSTRAINT care_cases_channel_check CHECK (channel IN ('caseworker', 'portal', 'system'))`);
  await knex.raw(
    `ALTER TABLE care_cases ADD CONSTRAINT care_cases_status_check CHECK (status IN ('open', 'completed', 'rejected', 'cancelled'))`,
  );

  await knex.schema.createTable('care_case_events', (t) => {
    t.bigIncrements('id');
    t.uuid('care_case_id').notNullable().references('care_cases.id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('actor').notNullable();
    t.text('action').notNullable();
    t.jsonb('detail');
    t.index(['care_case_id', 'id']);
  });

  await knex.schema.createTable('attachments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('media_type').notNullable();
    t.integer('size_bytes').notNullable();
    t.text('sha256').notNullable();
    t.text('filename');
    t.binary('bytes').notNullable();
    t.text('uploaded_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('attachments');
  await knex.schema.dropTableIfExists('care_case_events');
  await knex.schema.dropTableIfExists('care_cases');
  await knex.raw('DROP SEQUENCE IF EXISTS care_case_number_seq');
}
