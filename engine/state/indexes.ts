import { IndexBy, VariableIndex } from './index-by';
import type { Store } from './store';

/** The lookups the runtime needs besides access by key. */
export class Indexes {
  /** Element instances by flow scope key. */
  readonly children: IndexBy<'element-instance'>;
  /** Variables by scope key and name; values are variable keys. */
  readonly variablesByScope: VariableIndex;
  /** Activatable jobs by type. */
  readonly activatableJobs: IndexBy<'job'>;
  /** Activated jobs (to time them out). */
  readonly activatedJobs: IndexBy<'job'>;
  /** Failed jobs waiting out a retry back-off. */
  readonly jobsInBackoff: IndexBy<'job'>;
  /** Jobs by element instance. */
  readonly jobsByElement: IndexBy<'job'>;
  readonly timersByElement: IndexBy<'timer'>;
  readonly timersByDefinition: IndexBy<'timer'>;
  readonly messageSubsByName: IndexBy<'message-subscription'>;
  readonly messageSubsByElement: IndexBy<'message-subscription'>;
  readonly messagesByName: IndexBy<'message'>;
  readonly messagesById: IndexBy<'message'>;
  readonly signalSubsByName: IndexBy<'signal-subscription'>;
  readonly signalSubsByElement: IndexBy<'signal-subscription'>;
  readonly signalSubsByDefinition: IndexBy<'signal-subscription'>;
  /** Compensation subscriptions by process instance, and triggered ones by their handler instance. */
  readonly compensationByProcessInstance: IndexBy<'compensation-subscription'>;
  readonly compensationByHandler: IndexBy<'compensation-subscription'>;
  readonly incidentsByProcessInstance: IndexBy<'incident'>;
  readonly incidentsByElement: IndexBy<'incident'>;
  readonly userTasksByElement: IndexBy<'user-task'>;
  readonly definitionsByProcessId: IndexBy<'process-definition'>;
  readonly decisionsById: IndexBy<'decision'>;
  readonly formsById: IndexBy<'form'>;
  readonly drgById: IndexBy<'decision-requirements'>;
  /** Active instances started by a message, by process id and correlation key. */
  readonly instancesByStartCorrelation: IndexBy<'process-instance'>;

  constructor(store: Store) {
    this.children = new IndexBy(store, 'element-instance', (r) => r.flowScopeKey);
    this.variablesByScope = new VariableIndex(store);
    this.activatableJobs = new IndexBy(store, 'job', (r) => (r.state === 'CREATED' ? r.type : undefined));
    this.activatedJobs = new IndexBy(store, 'job', (r) => (r.state === 'ACTIVATED' ? 'all' : undefined));
    this.jobsInBackoff = new IndexBy(store, 'job', (r) => (r.state === 'CREATED' && r.retryBackoffUntil ? 'all' : undefined));
    this.jobsByElement = new IndexBy(store, 'job', (r) => r.elementInstanceKey);
    this.timersByElement = new IndexBy(store, 'timer', (r) => r.elementInstanceKey);
    this.timersByDefinition = new IndexBy(store, 'timer', (r) => (r.elementInstanceKey ? undefined : r.processDefinitionKey));
    this.messageSubsByName = new IndexBy(store, 'message-subscription', (r) => `${r.tenantId}|${r.messageName}|${r.correlationKey}`);
    this.messageSubsByElement = new IndexBy(store, 'message-subscription', (r) => r.elementInstanceKey);
    this.messagesByName = new IndexBy(store, 'message', (r) => `${r.tenantId}|${r.name}|${r.correlationKey}`);
    this.messagesById = new IndexBy(store, 'message', (r) => (r.messageId ? `${r.tenantId}|${r.name}|${r.messageId}` : undefined));
    this.signalSubsByName = new IndexBy(store, 'signal-subscription', (r) => `${r.tenantId}|${r.signalName}`);
    this.signalSubsByElement = new IndexBy(store, 'signal-subscription', (r) => r.elementInstanceKey);
    this.signalSubsByDefinition = new IndexBy(store, 'signal-subscription', (r) =>
      r.elementInstanceKey ? undefined : r.processDefinitionKey,
    );
    this.compensationByProcessInstance = new IndexBy(store, 'compensation-subscription', (r) => r.processInstanceKey);
    this.compensationByHandler = new IndexBy(store, 'compensation-subscription', (r) => r.compensationHandlerInstanceKey);
    this.incidentsByProcessInstance = new IndexBy(store, 'incident', (r) => r.processInstanceKey);
    this.incidentsByElement = new IndexBy(store, 'incident', (r) => r.elementInstanceKey);
    this.userTasksByElement = new IndexBy(store, 'user-task', (r) => r.elementInstanceKey);
    this.definitionsByProcessId = new IndexBy(store, 'process-definition', (r) =>
      r.deleted ? undefined : `${r.tenantId}|${r.bpmnProcessId}`,
    );
    this.decisionsById = new IndexBy(store, 'decision', (r) => (r.deleted ? undefined : `${r.tenantId}|${r.decisionId}`));
    this.formsById = new IndexBy(store, 'form', (r) => (r.deleted ? undefined : `${r.tenantId}|${r.formId}`));
    this.drgById = new IndexBy(store, 'decision-requirements', (r) =>
      r.deleted ? undefined : `${r.tenantId}|${r.decisionRequirementsId}`,
    );
    this.instancesByStartCorrelation = new IndexBy(store, 'process-instance', (r) =>
      r.state === 'ACTIVE' && r.startMessageCorrelationKey ? `${r.tenantId}|${r.bpmnProcessId}|${r.startMessageCorrelationKey}` : undefined,
    );
  }
}
