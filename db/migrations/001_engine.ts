import type { Knex } from 'knex';

/**
 * The engine keeps its state as records (one row per process instance, element instance, job,
 * timer, message, variable, incident, user task, deployment resource …). A record's JSON is the
 * same object the engine holds in memory; the columns beside it exist for search.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('engine_record', (t) => {
    t.text('kind').notNullable();
    t.bigInteger('key').notNullable();
    t.bigInteger('process_instance_key');
    t.jsonb('data').notNullable();
    // false for history (finished instances, resolved incidents …): not loaded at start.
    t.boolean('active').notNullable().defaultTo(true);
    t.primary(['kind', 'key']);
    t.index(['active']);
    t.index(['kind', 'process_instance_key']);
  });
  await knex.schema.createTable('engine_meta', (t) => {
    t.text('name').primary();
    t.jsonb('value').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('engine_meta');
  await knex.schema.dropTable('engine_record');
}
