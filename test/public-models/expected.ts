/**
 * Public example models that Camunda 8.8 rejects as well, each with the reason why. A model listed
 * here counts as "also rejected by Camunda 8.8" when one of its problems matches `reason`
 * (tested against `<element id>: <message>`); when this engine accepts it, the runner reports it
 * as accepted though Camunda rejects it.
 */
export interface ExpectedRejection {
  /** `<owner>/<name>/<path>`, as in manifest.json. */
  file: string;
  reason: RegExp;
  /** Why Camunda 8.8 rejects the model too (with the source of that knowledge). */
  why: string;
}

const TASK_DEFINITION = /Must have (exactly one|either one '[^']+' or one) 'zeebe:taskDefinition' extension element/;
const SERVICE_TASK_WHY =
  "Zeebe's ServiceTaskValidator (and the Send/Script/BusinessRuleTask validators) require a zeebe:taskDefinition on a task without another implementation";

export const EXPECTED_REJECTIONS: ExpectedRejection[] = [
  {
    file: 'camunda/camunda-8-js-sdk/src/__tests__/testdata/Client-BrokenBpmn.bpmn',
    reason: /Attribute 'type' must be present and not empty/,
    why: "a deliberately broken model (the SDK's tests expect its deployment to fail): a service task with an empty job type, which Zeebe's ZeebeTaskDefinition validator rejects",
  },
  {
    file: 'camunda/camunda-8-js-sdk/src/__tests__/testdata/modeller7File.bpmn',
    reason: /Failed to parse BPMN XML/,
    why: 'the file is truncated (the XML ends inside the diagram at line 107); the SDK reads it only for its constants generator; no XML parser can read it',
  },
  ...['grpc-state-machine', 'ZBBatchWorker-state-machine'].map((name) => ({
    file: `camunda/camunda-8-js-sdk/zeebe-extra/design/${name}.bpmn`,
    reason: /Must reference a (signal|message)/,
    why: "a design diagram (a state machine drawn in BPMN): events without signal/message/error references, message events without job types, subprocess start events with triggers; Zeebe's event definition validators reject them",
  })),
  ...[
    'csharp/send-email.bpmn',
    'go/resources/send-email.bpmn',
    'java/src/main/resources/send-email.bpmn',
    'process/send-email.bpmn',
    'spring/src/main/resources/send-email.bpmn',
  ].map((path) => ({
    file: `camunda/camunda-platform-get-started/${path}`,
    reason: /Attribute 'retries' must be present and not empty/,
    why: 'zeebe:taskDefinition retries="": Zeebe\'s design-time validators require a non-empty retries attribute (its default "3" applies only when the attribute is absent)',
  })),
  ...[
    'outbound-multiple-tasks-with-secrets',
    'outbound-no-secrets',
    'outbound-no-template',
    'outbound-task-types',
    'outbound-with-secrets',
  ].map((name) => ({
    file: `camunda/connectors/connector-runtime/connector-runtime-spring/src/test/resources/bpmn/${name}.bpmn`,
    reason: TASK_DEFINITION,
    why: `an input of the connector runtime's unit tests, which only parse it (ProcessDefinitionSecretKeyCacheTest): tasks without job type; ${SERVICE_TASK_WHY}`,
  })),
  {
    file: 'camunda/connectors/connectors-e2e-test/connectors-e2e-test-http/src/test/resources/polling_connector.bpmn',
    reason: /Expected expression but found static value 'CORRELATION_KEY_PROCESS'/,
    why: 'a template of the e2e test, which replaces its placeholders (CORRELATION_KEY_PROCESS, URL_SET, …) before deploying; Zeebe requires a message correlation key to be an expression',
  },
  {
    file: 'camunda-community-hub/camunda-8-examples/parallel-operations/src/main/resources/bpmn/camunda7/oldProcess.bpmn',
    reason: TASK_DEFINITION,
    why: `a Camunda 7 model (camunda: extensions), the "before" of a migration example; ${SERVICE_TASK_WHY}`,
  },
  ...['modeling-concept', 'multi-instance-example'].map((name) => ({
    file: `camunda-community-hub/camunda-8-examples/large-multi-instance-example/documentation/${name}.bpmn`,
    reason: /Must contain at least one executable process/,
    why: 'a documentation diagram whose processes are all isExecutable="false"; Zeebe rejects a BPMN file without an executable process',
  })),
  ...['main/resources/bpmn/seq-2tasks-msg-start-no-job-types', 'test/resources/test_job_type_prediction'].map((name) => ({
    file: `camunda-community-hub/camunda-8-benchmark/src/${name}.bpmn`,
    reason: TASK_DEFINITION,
    why: `service tasks without job type, which the benchmark's ProcessDeployer adds before deploying (BpmnJobTypeParser "predicts" them); ${SERVICE_TASK_WHY}`,
  })),
  {
    file: 'camunda-consulting/camunda-8-code-examples/c7-c8-multi-engine/src/main/resources/bpmn/hybrid-process-c7.bpmn',
    reason: TASK_DEFINITION,
    why: `the Camunda 7 half of a C7/C8 hybrid example (camunda: extensions, deployed to Camunda 7); ${SERVICE_TASK_WHY}`,
  },
];
