/** dmn-moddle ships no types; only what read-xml.ts uses is declared. */
declare module 'dmn-moddle' {
  export interface ModdleElement {
    $type: string;
    [property: string]: unknown;
  }
  export interface FromXmlResult {
    rootElement: ModdleElement;
    warnings: { message: string }[];
  }
  export interface Moddle {
    fromXML(xml: string, typeName: string): Promise<FromXmlResult>;
  }
  export function DmnModdle(packages?: Record<string, unknown>, options?: Record<string, unknown>): Moddle;
}
