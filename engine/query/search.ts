/**
 * Runs a search over `engine_record`: filter, total count, sort, page. Each resource module
 * supplies a SearchDefinition; this module knows nothing about resources.
 */
import type { Knex } from 'knex';
import { NotFoundError } from '../errors';
import type { QueryContext } from './context';
import { applyFilter, checkKey, invalid, type FilterField } from './filters';
import type { PageRequest, SearchQuery, SearchResult, SortRequest } from './types';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10000;

export interface SearchDefinition<Item> {
  /** Rows of one record kind (alias `r`), joined and selected as `toItems` needs. */
  base(db: Knex): Knex.QueryBuilder;
  filters: Record<string, FilterField>;
  /** Sort field → SQL expression. */
  sorts: Record<string, string>;
  /** Filter groups combined with OR (`$or`), as process instance search allows. */
  allowOr?: boolean;
  toItems(ctx: QueryContext, rows: Record<string, unknown>[]): Promise<Item[]> | Item[];
}

/** Offsets travel in opaque cursors, so `after`/`before` work like Camunda's. */
function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: unknown, field: string): number {
  if (typeof cursor !== 'string') throw invalid(field, 'must be a cursor string from a previous response');
  try {
    const o = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // falls through to the error below
  }
  throw invalid(field, 'is not a cursor from a previous response');
}

/** Resolves offset paging and cursor paging to an offset and a limit. */
export function resolvePage(page: PageRequest | undefined): { offset: number; limit: number } {
  const p = page ?? {};
  const limit = p.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) throw invalid('page.limit', `must be an integer from 0 to ${MAX_LIMIT}`);
  const cursors = (p.after !== undefined ? 1 : 0) + (p.before !== undefined ? 1 : 0);
  if (cursors > 1 || (cursors === 1 && p.from !== undefined)) {
    throw invalid('page', 'use either from/limit or after/before with limit, not both');
  }
  if (p.after !== undefined) return { offset: decodeCursor(p.after, 'page.after') + 1, limit };
  if (p.before !== undefined) {
    const end = decodeCursor(p.before, 'page.before');
    const offset = Math.max(0, end - limit);
    return { offset, limit: end - offset };
  }
  const from = p.from ?? 0;
  if (!Number.isInteger(from) || from < 0) throw invalid('page.from', 'must be a non-negative integer');
  return { offset: from, limit };
}

function applySort(qb: Knex.QueryBuilder, sorts: Record<string, string>, sort: SortRequest[] | undefined): void {
  if (sort !== undefined && !Array.isArray(sort)) throw invalid('sort', 'must be an array');
  (sort ?? []).forEach((s, i) => {
    const expr = Object.prototype.hasOwnProperty.call(sorts, s?.field) ? sorts[s.field] : undefined;
    if (!expr) throw invalid(`sort[${i}].field`, `must be one of ${Object.keys(sorts).join(', ')}`);
    const order = (s.order ?? 'ASC').toUpperCase();
    if (order !== 'ASC' && order !== 'DESC') throw invalid(`sort[${i}].order`, 'must be ASC or DESC');
    // Missing values last in both directions, as Camunda's search does.
    qb.orderByRaw(`${expr} ${order} nulls last`);
  });
  // Records are created in key order; the key makes every order total, so pages never overlap.
  qb.orderByRaw('r.key asc');
}

export function applySearchFilter(qb: Knex.QueryBuilder, def: SearchDefinition<unknown>, filter: unknown): void {
  if (filter === undefined || filter === null) return;
  if (typeof filter !== 'object' || Array.isArray(filter)) throw invalid('filter', 'must be an object');
  const { $or, ...rest } = filter as Record<string, unknown>;
  applyFilter(qb, def.filters, rest, 'filter');
  if ($or === undefined) return;
  if (!def.allowOr) throw invalid('filter.$or', 'unknown or unsupported filter property');
  if (!Array.isArray($or)) throw invalid('filter.$or', 'must be an array of filter objects');
  if ($or.length === 0) return;
  qb.where((any) => {
    $or.forEach((group, i) => any.orWhere((one) => applyFilter(one, def.filters, group, `filter.$or[${i}]`)));
  });
}

export async function runSearch<Item>(
  ctx: QueryContext,
  def: SearchDefinition<Item>,
  query: SearchQuery<unknown> | undefined,
): Promise<SearchResult<Item>> {
  const q = query ?? {};
  const { offset, limit } = resolvePage(q.page);
  const qb = def.base(ctx.db);
  applySearchFilter(qb, def as SearchDefinition<unknown>, q.filter);
  applySort(qb, def.sorts, q.sort);

  const countRow = (await qb.clone().clearSelect().clearOrder().count({ n: '*' }).first()) as { n: unknown } | undefined;
  const totalItems = Number(countRow?.n ?? 0);
  const rows = limit === 0 ? [] : ((await qb.offset(offset).limit(limit)) as Record<string, unknown>[]);
  const items = await def.toItems(ctx, rows);
  const page: SearchResult<Item>['page'] = { totalItems, hasMoreTotalItems: false };
  if (items.length > 0) {
    page.startCursor = encodeCursor(offset);
    page.endCursor = encodeCursor(offset + items.length - 1);
  }
  return { items, page };
}

/** Record JSON as stored; the pg driver parses jsonb, other drivers may hand back text. */
export function recordData<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Base query of one record kind, alias `r`. */
export function recordsOf(db: Knex, kind: string): Knex.QueryBuilder {
  return db.from('engine_record as r').where('r.kind', kind);
}

/** One item by its record key, through the same definition as the search; NotFoundError if none. */
export async function getByKey<Item>(ctx: QueryContext, def: SearchDefinition<Item>, key: string, what: string): Promise<Item> {
  const k = checkKey(key, 'key');
  const rows = (await def.base(ctx.db).whereRaw('r.key = ?::bigint', [k]).limit(1)) as Record<string, unknown>[];
  const [item] = rows.length ? await def.toItems(ctx, rows) : [];
  if (!item) throw new NotFoundError(`${what} with key '${k}' not found`);
  return item;
}
