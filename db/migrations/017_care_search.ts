import type { Knex } from 'knex';

/**
 * Indexes of the customer account screen (domain/care/search.ts, domain/care/account-view.ts): one
 * search box finds a customer by name, number, contract, meter, IBAN or order, and the screen reads a
 * customer's whole history. Without these, the name and IBAN searches, an account's cleared items, its
 * letters and mails, and the process instances of a customer would each scan a whole table.
 */

/** The process variables that name a customer's things; the screen finds instances by them. */
export const CUSTOMER_VARIABLES = ['customerId', 'contractId', 'accountId', 'contractAccountId', 'orderId'] as const;
/** Long enough for any id; a b-tree entry must stay small, and a variable may hold a big value. */
export const VARIABLE_PREFIX = 200;

export async function up(knex: Knex): Promise<void> {
  // Names: "Mustermann", "Erika Mustermann", "Mustermann Erika" as lower-case prefixes.
  await knex.raw(`CREATE INDEX customers_last_name_search ON customers (lower(last_name) text_pattern_ops)`);
  await knex.raw(`CREATE INDEX customers_full_name_search ON customers (lower(first_name || ' ' || last_name) text_pattern_ops)`);
  // IBANs are written with spaces and in any case; the index holds them compact and upper-case.
  await knex.raw(`CREATE INDEX sepa_mandates_iban_search ON sepa_mandates (upper(replace(iban, ' ', '')))`);
  // An account's items, open and cleared (open_items_account covers the open ones only).
  await knex.raw(`CREATE INDEX open_items_account_all ON open_items (contract_account_id)`);
  // Letters of a contract, mails to a customer's address.
  await knex.raw(`CREATE INDEX documents_contract ON documents (contract_id)`);
  await knex.raw(`CREATE INDEX outbound_mails_to_address ON outbound_mails (lower(to_address))`);
  // The process instances of a customer: variables naming its customer, contracts, accounts or orders.
  const names = CUSTOMER_VARIABLES.map((n) => `'${n}'`).join(', ');
  await knex.raw(
    `CREATE INDEX engine_record_customer_variables ON engine_record (left(data->>'value', ${VARIABLE_PREFIX}))
     WHERE kind = 'variable' AND data->>'name' IN (${names})`,
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const name of [
    'engine_record_customer_variables',
    'outbound_mails_to_address',
    'documents_contract',
    'open_items_account_all',
    'sepa_mandates_iban_search',
    'customers_full_name_search',
    'customers_last_name_search',
  ])
    await knex.raw(`DROP INDEX IF EXISTS ${name}`);
}
