import type { Knex } from 'knex';
import * as engine001 from './001_engine';
import * as domain002 from './002_domain';
import * as auth003 from './003_auth';
import * as modeler004 from './004_modeler';
import * as orderIntake005 from './005_order_intake';
import * as admin006 from './006_admin';
import * as modelerDrafts007 from './007_modeler_drafts';
import * as accounting008 from './008_accounting';
import * as dunning009 from './009_dunning';
import * as collection010 from './010_collection';
import * as bureauReports011 from './011_bureau_reports';
import * as paymentPage012 from './012_payment_page';
import * as propensity013 from './013_propensity';
import * as care014 from './014_care';
import * as contractChanges015 from './015_contract_changes';
import * as customerCare016 from './016_customer_care';
import * as careSearch017 from './017_care_search';
import * as mobile018 from './018_mobile';
import * as portal019 from './019_portal';
import * as forecast020 from './020_forecast';

/**
 * Migrations are listed here instead of being discovered on disk, so they run the same under
 * tsx, jest and a bundler. Append new ones; never edit one that has shipped.
 */
const migrations: Record<string, Knex.Migration> = {
  '001_engine': engine001,
  '002_domain': domain002,
  '003_auth': auth003,
  '004_modeler': modeler004,
  '005_order_intake': orderIntake005,
  '006_admin': admin006,
  '007_modeler_drafts': modelerDrafts007,
  '008_accounting': accounting008,
  '009_dunning': dunning009,
  '010_collection': collection010,
  '011_bureau_reports': bureauReports011,
  '012_payment_page': paymentPage012,
  '013_propensity': propensity013,
  '014_care': care014,
  '015_contract_changes': contractChanges015,
  '016_customer_care': customerCare016,
  '017_care_search': careSearch017,
  '018_mobile': mobile018,
  '019_portal': portal019,
  '020_forecast': forecast020,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};

export function migrationNames(): string[] {
  return Object.keys(migrations).sort();
}
