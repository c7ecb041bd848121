import type { Knex } from 'knex';

/**
 * Legal collection after the last dunning level (process `collection`): one collection case per
 * dunning case, the claim as it stood when the case opened, court applications (payment order,
 * enforcement order) with their EDA records, the court's events, enforcement measures, agency
 * handovers, and insolvency proceedings of an account (also without a collection case: dunning
 * may receive the report first).
 *
 * Money moves only in the ledger (fees, costs, quota, write-offs); these tables keep the
 * procedure and point to the ledger documents.
 */
export async function up(knex: Knex): Promise<void> {
  const uuid = () => knex.raw('gen_random_uuid()');
  const now = () => knex.fn.now();
  const check = (table: string, name: string, expr: string) => knex.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${expr})`);

  await knex.raw(`CREATE SEQUENCE collection_case_number_seq`);
  await knex.schema.createTable('collection_cases', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('case_number').notNullable().unique();
    // One collection per dunning case: a retried "open case" job finds it.
    t.uuid('dunning_case_id').unique().references('dunning_cases.id');
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    // agency | court (what the DMN collection-path chose)
    t.text('path');
    // domain/collection/court-state.ts: the states and the events that move them
    t.text('state').notNullable().defaultTo('opened');
    t.bigInteger('claim_cents').notNullable();
    t.bigInteger('court_fee_cents').notNullable().defaultTo(0);
    t.date('opened_on').notNullable();
    t.date('payment_order_served_on');
    t.date('objection_deadline');
    t.date('enforcement_order_deadline');
    t.date('enforcement_order_served_on');
    t.date('protest_deadline');
    // enforcement_order | judgment | settlement
    t.text('title_kind');
    t.date('title_on');
    t.date('closed_on');
    // paid | written_off | insolvency | agency
    t.text('close_reason');
    t.text('write_off_reason');
    t.text('process_instance_key');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.index(['contract_account_id']);
  });
  await check(
    'collection_cases',
    'collection_cases_state_check',
    `state IN ('opened', 'handed_over', 'application_filed', 'payment_order_served', 'enforcement_order_due', 'enforcement_order_applied',
      'enforcement_order_served', 'contested', 'titled', 'insolvency', 'closed')`,
  );
  await check('collection_cases', 'collection_cases_path_check', `path IS NULL OR path IN ('agency', 'court')`);
  await knex.raw(`CREATE UNIQUE INDEX collection_cases_one_open ON collection_cases (contract_account_id) WHERE state <> 'closed'`);

  // The claim as handed over: the open items (no blocked ones) with their open amounts then.
  await knex.schema.createTable('collection_claim_items', (t) => {
    t.uuid('case_id').notNullable().references('collection_cases.id');
    t.uuid('line_id').notNullable().references('ledger_lines.id');
    t.text('item_type').notNullable();
    t.text('document_number').notNullable();
    t.text('text').notNullable();
    t.date('due_date');
    t.bigInteger('open_cents').notNullable();
    t.primary(['case_id', 'line_id']);
  });

  await knex.schema.createTable('collection_court_applications', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('case_id').notNullable().references('collection_cases.id');
    // payment_order (Mahnbescheid) | enforcement_order (Vollstreckungsbescheid)
    t.text('kind').notNullable();
    t.date('filed_on').notNullable();
    t.text('eda_record').notNullable();
    t.uuid('document_id');
    t.uuid('fee_document_id').references('ledger_documents.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.unique(['case_id', 'kind']);
  });

  // Court events as they arrived over REST; one of each kind per case (a second "served" is refused).
  await knex.schema.createTable('collection_court_events', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('case_id').notNullable().references('collection_cases.id');
    t.text('kind').notNullable();
    t.date('event_date').notNullable();
    t.jsonb('details').notNullable().defaultTo('{}');
    t.text('recorded_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.unique(['case_id', 'kind']);
  });

  await knex.schema.createTable('collection_enforcements', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.text('business_key').notNullable().unique();
    t.uuid('case_id').notNullable().references('collection_cases.id');
    // bailiff (Gerichtsvollzieher) | garnishment (Pfändungs- und Überweisungsbeschluss)
    t.text('measure').notNullable();
    // successful | partial | fruitless
    t.text('outcome').notNullable();
    t.bigInteger('cost_cents').notNullable().defaultTo(0);
    t.uuid('cost_document_id').references('ledger_documents.id');
    t.text('note');
    t.date('recorded_on').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });
  await check('collection_enforcements', 'collection_enforcements_measure_check', `measure IN ('bailiff', 'garnishment')`);

  await knex.schema.createTable('collection_agency_exports', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('case_id').notNullable().unique().references('collection_cases.id');
    t.text('agency').notNullable();
    // csv | json
    t.text('format').notNullable();
    t.text('file_name').notNullable();
    t.text('content').notNullable();
    t.date('exported_on').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
  });

  await knex.schema.createTable('insolvency_proceedings', (t) => {
    t.uuid('id').primary().defaultTo(uuid());
    t.uuid('contract_account_id').notNullable().references('contract_accounts.id');
    t.date('opened_on').notNullable();
    t.text('court').notNullable();
    t.text('case_reference').notNullable();
    t.text('administrator_name').notNullable();
    t.text('administrator_address').notNullable();
    t.text('reported_by').notNullable();
    // The §174 InsO filing: the collection case that filed it, the amount, the stored letter.
    t.uuid('case_id').references('collection_cases.id');
    t.bigInteger('claim_cents');
    t.uuid('claim_document_id');
    t.date('claim_filed_on');
    t.bigInteger('quota_cents');
    t.date('quota_on');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(now());
    t.unique(['contract_account_id', 'case_reference']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'insolvency_proceedings',
    'collection_agency_exports',
    'collection_enforcements',
    'collection_court_events',
    'collection_court_applications',
    'collection_claim_items',
    'collection_cases',
  ])
    await knex.schema.dropTableIfExists(table);
  await knex.raw('DROP SEQUENCE IF EXISTS collection_case_number_seq');
}
