import type { Knex } from 'knex';

/**
 * Sign-in: users, server-side sessions and API keys. Session tokens and API keys are stored only
 * as SHA-256 hashes, so a copy of the database signs nobody in; passwords are bcrypt hashes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.text('username').primary();
    t.text('display_name').notNullable();
    t.text('password_hash').notNullable();
    t.jsonb('roles').notNullable().defaultTo('[]');
    t.text('locale').notNullable().defaultTo('de');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('sessions', (t) => {
    t.text('token_hash').primary();
    t.text('username').notNullable().references('username').inTable('users').onDelete('CASCADE').onUpdate('CASCADE');
    t.text('csrf_token').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['username']);
    t.index(['expires_at']);
  });
  await knex.schema.createTable('api_keys', (t) => {
    t.text('name').primary();
    t.text('key_hash').notNullable().unique();
    t.jsonb('roles').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_keys');
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
}
