/** The form-js editor for Camunda user-task forms (.form JSON). */
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import { FormEditor } from '@bpmn-io/form-js-editor';
import type { Editor } from '../editor';
import { isEdit } from '../bpmn/is-edit';
import { locale } from '../../web/i18n';
import { translateDom } from '../ui/translate-dom';
import { formEditorDe } from './de';

export class FormSchemaEditor implements Editor {
  readonly kind = 'form';
  private editor: FormEditor;
  private listeners: ((edit: boolean) => void)[] = [];
  private stopTranslation: () => void;

  constructor(private host: HTMLElement) {
    this.editor = new FormEditor({ container: host });
    this.stopTranslation =
      locale() === 'de' ? translateDom(host, '.fjs-palette-container, .fjs-properties-container', formEditorDe) : () => {};
    // importSchema clears the stack ('clear'): opening a form is not an edit.
    this.editor.on('commandStack.changed', (e: { trigger?: string | null }) => this.listeners.forEach((cb) => cb(isEdit(e))));
  }

  onChange(cb: (edit: boolean) => void): void {
    this.listeners.push(cb);
  }

  async open(content: string): Promise<void> {
    await this.editor.importSchema(JSON.parse(content));
  }

  async save(): Promise<string> {
    return JSON.stringify(this.editor.saveSchema(), null, 2);
  }
  problems() {
    return [];
  }
  undo(): void {
    this.editor.get<{ undo(): void }>('commandStack').undo();
  }
  redo(): void {
    this.editor.get<{ redo(): void }>('commandStack').redo();
  }

  reveal(id: string): boolean {
    const registry = this.editor.get<{ get(id: string): unknown }>('formFieldRegistry');
    const field = registry.get(id);
    if (field) this.editor.get<{ set(f: unknown): void }>('selection').set(field);
    return !!field;
  }

  destroy(): void {
    this.stopTranslation();
    this.editor.destroy();
    this.host.replaceChildren();
  }
}
