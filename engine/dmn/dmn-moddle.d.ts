/** dmn-moddle ships no types; only what read-xml.ts uses is declared. */
declare module 'dmn-moddle' {
  export interface ModdleElement {
    $type: string;
    [property: string]: unknown;
  }
  export interface ModdleWarning {
    message: string;
    /** The element the warning is about, when known (e.g. an unresolved reference). */
    element?: ModdleElement;
    property?: string;
  }
  export interface FromXmlResult {
    rootElement: ModdleElement;
    warnings: ModdleWarning[];
  }
  export interface Moddle {
    fromXML(xml: string, typeName: string): Promise<FromXmlResult>;
  }
  export function DmnModdle(packages?: Record<string, unknown>, options?: Record<string, unknown>): Moddle;
}
