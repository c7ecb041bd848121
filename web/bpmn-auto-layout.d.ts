/** bpmn-auto-layout ships no types. */
declare module 'bpmn-auto-layout' {
  /** The BPMN XML with a generated diagram (BPMN DI) for every process and sub-process. */
  export function layoutProcess(xml: string): Promise<string>;
}
