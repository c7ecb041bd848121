/**
 * Live linting as a bpmn-js module: lints after import and after each change (debounced), puts a
 * badge with the problem count on each element, and fires `linting.completed` with the problems
 * for the list and the deploy button.
 */
import { EXECUTION_PLATFORM, EXECUTION_PLATFORM_VERSION, lint, type LintProblem } from './linter';

interface EventBus {
  on(event: string | string[], cb: (e: unknown) => void): void;
  fire(event: string, data: unknown): void;
}
interface Overlays {
  add(id: string, type: string, o: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface ElementRegistry {
  get(id: string): unknown;
}
interface Definitions {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
}
interface BpmnJS {
  getDefinitions(): Definitions | undefined;
}

export class Linting {
  static $inject = ['eventBus', 'overlays', 'elementRegistry', 'bpmnjs'];
  problems: LintProblem[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private run = 0;

  constructor(
    private eventBus: EventBus,
    private overlays: Overlays,
    private registry: ElementRegistry,
    private bpmnjs: BpmnJS,
  ) {
    eventBus.on('import.done', () => {
      // The rules follow the file's execution platform; a file without one is linted (and saved) as 8.8.
      const definitions = this.bpmnjs.getDefinitions();
      if (definitions && !definitions.get('modeler:executionPlatform')) {
        definitions.set('modeler:executionPlatform', EXECUTION_PLATFORM);
        definitions.set('modeler:executionPlatformVersion', EXECUTION_PLATFORM_VERSION);
      }
      this.schedule(0);
    });
    eventBus.on('elements.changed', () => this.schedule(300));
    // Drilling into a sub-process shows other elements: their badges must be (re)drawn.
    eventBus.on('root.set', () => this.draw());
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.lintNow(), delay);
  }

  async lintNow(): Promise<LintProblem[]> {
    const run = ++this.run;
    const definitions = this.bpmnjs.getDefinitions();
    if (!definitions) return [];
    const problems = await lint(definitions);
    if (run !== this.run) return this.problems;
    this.problems = problems;
    this.draw();
    this.eventBus.fire('linting.completed', { problems });
    return problems;
  }

  private draw(): void {
    this.overlays.remove({ type: 'linting' });
    const byId = new Map<string, LintProblem[]>();
    for (const p of this.problems) byId.set(p.id, [...(byId.get(p.id) ?? []), p]);
    for (const [id, list] of byId) {
      if (!this.registry.get(id)) continue;
      const errors = list.filter((p) => p.category === 'error' || p.category === 'rule-error').length;
      const html = document.createElement('div');
      html.className = `mdl-lint-badge ${errors ? 'mdl-lint-badge--error' : 'mdl-lint-badge--warn'}`;
      html.textContent = String(list.length);
      html.title = list.map((p) => `• ${p.message} (${p.rule})`).join('\n');
      html.dataset.elementId = id;
      this.overlays.add(id, 'linting', { position: { top: -10, right: 10 }, html });
    }
  }
}

export default {
  __init__: ['linting'],
  linting: ['type', Linting],
};

export type { LintProblem };
