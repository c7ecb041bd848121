import type { LintProblem } from './bpmn/lint';

/** What the app needs of each editor (BPMN, DMN, form), so the toolbar and deploy work the same. */
export interface Editor {
  readonly kind: 'bpmn' | 'dmn' | 'form';
  open(content: string): Promise<void>;
  /** The content as it would be deployed. */
  save(): Promise<string>;
  /**
   * Called on every change and lint run; `edit` is true only for the user's edits (command stack
   * execute, undo, redo), not for opening a file, which clears the stack.
   */
  onChange(cb: (edit: boolean) => void): void;
  problems(): LintProblem[];
  undo(): void;
  redo(): void;
  /** Selects and scrolls to an element named by the engine or the linter. */
  reveal(id: string): boolean;
  destroy(): void;
}
