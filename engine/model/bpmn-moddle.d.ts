/**
 * bpmn-moddle 10 ships no typings for its entry point, so the parser declares the small part it
 * uses. Element properties depend on `$type`; they are read through the helpers in moddle.ts.
 */
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    readonly $type: string;
    readonly $parent?: ModdleElement;
    readonly $attrs?: Record<string, string>;
    $instanceOf(type: string): boolean;
    readonly [property: string]: unknown;
  }

  export interface ParseWarning {
    message: string;
    /** Set for unresolved references: the element holding the reference. */
    element?: ModdleElement;
    property?: string;
    value?: string;
    error?: Error;
  }

  export interface ParseResult {
    rootElement: ModdleElement;
    warnings: ParseWarning[];
    elementsById: Record<string, ModdleElement>;
  }

  export interface BpmnModdleInstance {
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<ParseResult>;
  }

  export function BpmnModdle(packages?: Record<string, unknown>, options?: Record<string, unknown>): BpmnModdleInstance;
}
