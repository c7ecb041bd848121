import type { LintProblem } from './bpmn/lint';

/** What the app needs of each editor (BPMN, DMN, form), so the toolbar and deploy work the same. */
export interface Editor {
  readonly kind: 'bpmn' | 'dmn' | 'form';
  open(content: string): Promise<void>;
  /** The content as it would be deployed. */
  save(): Promise<string>;
  /** Called on every user change and lint run. */
  onChange(cb: () => void): void;
  problems(): LintProblem[];
  undo(): void;
  redo(): void;
  /** Selects and scrolls to an element named by the engine or the linter. */
  reveal(id: string): boolean;
  destroy(): void;
}
