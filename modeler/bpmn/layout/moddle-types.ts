/** The slice of moddle the templates use; moddle itself ships no types. */

export type ModdleElement = any;

export interface Moddle {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
}
