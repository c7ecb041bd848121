/** What the element readers share while building one resource: the problem list and the FEEL checks. */
import type { ExpressionChecker } from './expressions';
import type { Problems } from './rejection';

export interface BuildContext {
  problems: Problems;
  expressions: ExpressionChecker;
}

/** The kind of flow scope an element lives in; start event rules depend on it. */
export type ScopeKind = 'process' | 'subProcess' | 'eventSubProcess' | 'adHocSubProcess';

export interface Scope {
  id: string;
  kind: ScopeKind;
}
