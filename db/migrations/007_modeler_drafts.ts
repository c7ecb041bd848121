import type { Knex } from 'knex';

/**
 * The modeler's drafts: work in progress an analyst saved without deploying, one per user and
 * resource (kind and id), so it survives a reload and a server restart until it is deployed or
 * discarded.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('modeler_drafts', (t) => {
    t.bigIncrements('id').primary();
    t.text('username').notNullable();
    t.text('kind').notNullable();
    t.text('resource_id').notNullable();
    t.text('name').notNullable();
    t.text('resource_name').notNullable();
    t.text('content').notNullable();
    // The deployed version the draft was started from; none for a new process.
    t.integer('base_version');
    t.text('base_key');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['username', 'kind', 'resource_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('modeler_drafts');
}
