/**
 * Shapes shared by all searches: the request and response envelopes of Camunda 8.8's
 * Orchestration Cluster REST API (`filter`, `sort`, `page` in; `items`, `page` out).
 */

export type SortOrder = 'ASC' | 'DESC' | 'asc' | 'desc';

export interface SortRequest<F extends string = string> {
  field: F;
  order?: SortOrder;
}

/** Offset paging (`from`/`limit`) or cursor paging (`after`/`before` + `limit`), never both. */
export interface PageRequest {
  from?: number;
  limit?: number;
  after?: string;
  before?: string;
}

export interface SearchQuery<Filter = Record<string, unknown>, SortField extends string = string> {
  filter?: Filter;
  sort?: SortRequest<SortField>[];
  page?: PageRequest;
}

export interface PageResponse {
  totalItems: number;
  hasMoreTotalItems: boolean;
  startCursor?: string;
  endCursor?: string;
}

export interface SearchResult<T> {
  items: T[];
  page: PageResponse;
}

/** `$`-operators of the advanced filters; which ones a field accepts depends on its type. */
export interface AdvancedFilter<T> {
  $eq?: T;
  $neq?: T;
  $exists?: boolean;
  $gt?: T;
  $gte?: T;
  $lt?: T;
  $lte?: T;
  $in?: T[];
  $notIn?: T[];
  $like?: string;
}

/** A filter property: a plain value means equality. */
export type FilterProperty<T> = T | AdvancedFilter<T>;

/** Variable filter of process instances and user tasks: the value is compared as JSON text. */
export interface VariableValueFilter {
  name: string;
  value: FilterProperty<string>;
}
