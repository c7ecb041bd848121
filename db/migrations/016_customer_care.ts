import type { Knex } from 'knex';

/**
 * Customer care of customer data, money and questions (issue 11, H2):
 * - a SEPA mandate keeps its signature (when, how, by whom) and, once replaced, the day it ended and
 *   why; `care_case_id` makes the bank change of one care case one mandate, also when its job is retried;
 * - complaints with their due time, escalation and recorded answer.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sepa_mandates', (t) => {
    t.timestamp('signed_at', { useTz: true });
    t.text('signature_method');
    t.text('signer_name');
    // The last day a debit may use the mandate; set when it is revoked or replaced.
    t.date('valid_to');
    t.text('ended_reason');
    t.uuid('care_case_id').unique().references('care_cases.id');
  });
  await knex.raw(`ALTER TABLE sepa_mandates ADD CONSTRAINT sepa_mandates_signature_method_check
    CHECK (signature_method IS NULL OR signature_method IN ('electronic', 'paper'))`);

  await knex.schema.createTable('care_complaints', (t) => {
    t.uuid('care_case_id').primary().references('care_cases.id');
    t.uuid('contract_id').references('contracts.id');
    t.text('subject').notNullable();
    t.text('text').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('escalated_at', { useTz: true });
    t.text('answer');
    t.text('answered_by');
    t.timestamp('answered_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('care_complaints');
  await knex.raw('ALTER TABLE sepa_mandates DROP CONSTRAINT IF EXISTS sepa_mandates_signature_method_check');
  await knex.schema.alterTable('sepa_mandates', (t) => {
    for (const c of ['signed_at', 'signature_method', 'signer_name', 'valid_to', 'ended_reason', 'care_case_id']) t.dropColumn(c);
  });
}
