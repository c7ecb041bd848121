import type { EngineCommands } from '../../api';
import type { DocumentStore } from '../../documents';
import type { EngineQueries } from '../../query';

/** What every route module needs. */
export interface RouteContext {
  commands: EngineCommands;
  queries: EngineQueries;
  clockControlled: boolean;
  /** Camunda's document store (/v2/documents). */
  documents: DocumentStore;
}
