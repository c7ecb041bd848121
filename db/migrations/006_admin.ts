import type { Knex } from 'knex';

/**
 * The admin app: users can be deactivated instead of deleted (a deactivated user cannot sign in,
 * and their sessions end), and API keys are managed in the app: several named keys with their own
 * roles, who created them, and when they were last used.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex.schema.alterTable('api_keys', (t) => {
    t.text('created_by');
    t.timestamp('last_used_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_keys', (t) => {
    t.dropColumn('last_used_at');
    t.dropColumn('created_by');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('active');
  });
}
