import type { Knex } from 'knex';

/**
 * The payment page: payments a customer makes there through the payment provider (card, PayPal).
 * One row per checkout, keyed by the provider's payment id; the ledger document it became is
 * posted with the business key `provider-payment:<provider payment id>`, so a webhook delivered
 * twice (or the webhook and the return page at once) books once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('provider_payments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('provider_payment_id').notNullable().unique();
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    // card | paypal
    t.text('method').notNullable();
    t.bigInteger('amount_cents').notNullable();
    // open | paid | failed | canceled
    t.text('status').notNullable().defaultTo('open');
    t.text('checkout_url').notNullable();
    t.uuid('document_id').references('ledger_documents.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('paid_at', { useTz: true });
    t.index(['contract_account_id']);
  });
  await knex.raw(`ALTER TABLE provider_payments ADD CONSTRAINT provider_payments_method_check CHECK (method IN ('card', 'paypal'))`);
  await knex.raw(
    `ALTER TABLE provider_payments ADD CONSTRAINT provider_payments_status_check CHECK (status IN ('open', 'paid', 'failed', 'canceled'))`,
  );
  await knex.raw(`ALTER TABLE provider_payments ADD CONSTRAINT provider_payments_amount_check CHECK (amount_cents > 0)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('provider_payments');
}
