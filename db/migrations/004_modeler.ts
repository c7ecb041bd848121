import type { Knex } from 'knex';

/**
 * The modeler's deployment log: who deployed what, and why. The engine keeps the resources and
 * versions; this table only adds the analyst's comment, which the engine has no field for.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('modeler_deployments', (t) => {
    t.bigIncrements('id').primary();
    // Zeebe keys are 64-bit: kept as decimal text like everywhere else.
    t.text('deployment_key').notNullable().unique();
    t.text('comment').notNullable().defaultTo('');
    t.text('username').notNullable();
    // What the engine answered: [{kind, id, version, key, resourceName}].
    t.jsonb('resources').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('modeler_deployments');
}
