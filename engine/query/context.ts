/**
 * What the read models share: the database and a cache of facts derived from deployed BPMN
 * (element names, start forms). Deployed definitions never change, so cached facts stay true.
 */
import type { Knex } from 'knex';
import { elementNames, startForm, type StartForm } from './xml-scan';

export interface ProcessFacts {
  names: Map<string, string>;
  startForm?: StartForm;
}

const CACHE_SIZE = 500;

export class ProcessFactsCache {
  private readonly cache = new Map<string, ProcessFacts>();

  constructor(private readonly db: Knex) {}

  /** Facts per process definition key; keys without a definition are left out. */
  async get(keys: Iterable<string>): Promise<Map<string, ProcessFacts>> {
    const out = new Map<string, ProcessFacts>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const hit = this.cache.get(key);
      if (hit) out.set(key, hit);
      else missing.push(key);
    }
    if (missing.length > 0) {
      const rows = (await this.db('engine_record')
        .select(this.db.raw("data->>'key' as key"), this.db.raw("data->>'bpmnProcessId' as id"), this.db.raw("data->>'xml' as xml"))
        .where('kind', 'process-definition')
        .whereRaw(`key in (${missing.map(() => '?::bigint').join(', ')})`, missing)) as { key: string; id: string; xml: string }[];
      for (const row of rows) {
        const facts: ProcessFacts = { names: elementNames(row.xml ?? '') };
        const form = startForm(row.xml ?? '', row.id);
        if (form) facts.startForm = form;
        this.remember(row.key, facts);
        out.set(row.key, facts);
      }
    }
    return out;
  }

  private remember(key: string, facts: ProcessFacts): void {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, facts);
  }
}

export interface QueryContext {
  db: Knex;
  processFacts: ProcessFactsCache;
}

export function createQueryContext(db: Knex): QueryContext {
  return { db, processFacts: new ProcessFactsCache(db) };
}
