import type { EngineCommands } from '../../api';
import type { EngineQueries } from '../../query';

/** What every route module needs. */
export interface RouteContext {
  commands: EngineCommands;
  queries: EngineQueries;
  clockControlled: boolean;
}
