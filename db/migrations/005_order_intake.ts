import type { Knex } from 'knex';

/**
 * Order intake as a claim-based outbox, and the secret of customer links.
 *
 * - `start_claimed_at`/`start_claimed_by`: who is starting the order's process, since when. An order
 *   without `process_instance_key` and with a claim is pending; a stale claim (or one of a dead
 *   process, with the embedded engine) is taken over by the sweep or an Idempotency-Key retry.
 * - `idempotency_body_hash`: SHA-256 of the normalised body sent with an Idempotency-Key; the same
 *   key with another body is refused.
 * - `prepayment_accepted_at`: the customer accepted the prepayment offer on the offer page.
 * - `app_secrets`: secrets generated at first start (the HMAC key of customer links).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.timestamp('start_claimed_at', { useTz: true });
    t.text('start_claimed_by');
    t.text('idempotency_body_hash');
    t.timestamp('prepayment_accepted_at', { useTz: true });
  });
  // Orders a crash left without a process before this migration: pending, claimable at once.
  await knex('orders')
    .whereNull('process_instance_key')
    .where({ status: 'received' })
    .update({ start_claimed_at: new Date(0) });
  await knex.raw(`CREATE INDEX orders_start_pending ON orders (start_claimed_at) WHERE process_instance_key IS NULL`);
  await knex.schema.createTable('app_secrets', (t) => {
    t.text('name').primary();
    t.text('value').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('app_secrets');
  await knex.raw('DROP INDEX IF EXISTS orders_start_pending');
  await knex.schema.alterTable('orders', (t) => {
    t.dropColumn('start_claimed_at');
    t.dropColumn('start_claimed_by');
    t.dropColumn('idempotency_body_hash');
    t.dropColumn('prepayment_accepted_at');
  });
}
