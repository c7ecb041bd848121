import type { Knex } from 'knex';

/**
 * The customer portal (/portal, domain/portal): sign-in by e-mail link, no password. A link's token
 * and a portal session's token are stored only as SHA-256 hashes, so a copy of the database signs
 * nobody in. A link works once (`used_at`) and only until `expires_at` (PORTAL_LINK_TTL_MINUTES).
 * Portal sessions are the customers' own, apart from the staff's `sessions`: a customer never
 * holds a role, and a staff session never opens a customer's data in the portal.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('portal_sign_in_tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('token_hash').notNullable().unique();
    t.uuid('customer_id').notNullable().references('customers.id');
    // The address the link was mailed to (the customer's at the time of the request).
    t.text('email').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.index(['customer_id']);
    t.index(['expires_at']);
  });
  await knex.schema.createTable('portal_sessions', (t) => {
    t.text('token_hash').primary();
    t.uuid('customer_id').notNullable().references('customers.id');
    t.text('csrf_token').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['customer_id']);
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('portal_sessions');
  await knex.schema.dropTableIfExists('portal_sign_in_tokens');
}
