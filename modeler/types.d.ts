// Packages without TypeScript declarations; the modeler uses them through narrow local interfaces.
declare module 'bpmn-js-properties-panel';
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
declare module 'bpmnlint/lib/linter';
declare module 'bpmnlint/lib/resolver/static-resolver';
declare module 'dmn-js/lib/Modeler';
declare module '*.css';
declare module '@bpmn-io/properties-panel';
declare module 'diagram-js-minimap';
declare module 'bpmn-js-token-simulation/lib/modeler';
declare module '@camunda/linting';
declare module 'modeler-moddle/resources/modeler.json';
declare module '@camunda/linting/lib/Resolver';
declare module '@camunda/linting/lib/compiled-config';
declare module 'bpmnlint/config/correctness';
declare module 'bpmnlint-plugin-camunda-compat';
