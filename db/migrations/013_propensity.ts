import type { Knex } from 'knex';

/**
 * Payment propensity models (domain/dunning/propensity.ts): a logistic regression over an
 * account's own payment history, trained on a date. Every training is a new row; scoring uses
 * the newest. The row keeps what explains a score: the feature names with the means and standard
 * deviations they were standardised with, the coefficients, and how well the model did on
 * accounts it never saw (held-out AUC and log loss beside the log loss of the base rate).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('propensity_models', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // The day the training looked from: features before the observation date, labels up to as_of.
    t.date('as_of').notNullable();
    t.date('observation_date').notNullable();
    // An overdue item counts as paid when cleared within this many days of its due date.
    t.integer('label_days').notNullable();
    // [{name, mean, std, coefficient}] (coefficients per standard deviation)
    t.jsonb('features').notNullable();
    t.double('intercept').notNullable();
    t.integer('sample_size').notNullable();
    t.integer('train_size').notNullable();
    t.integer('test_size').notNullable();
    // Share of paid items among the training samples: the base rate.
    t.double('positive_rate').notNullable();
    // Held-out figures (null when the held-out set had one class only).
    t.double('test_auc');
    t.double('test_log_loss');
    t.double('test_base_log_loss');
    t.integer('iterations').notNullable();
    t.timestamp('trained_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('propensity_models');
}
