/**
 * Modification mode of the instance view, as in Operate 8.8: select an element (in the diagram or
 * the list), then cancel its tokens, add a token or move its tokens elsewhere, optionally with
 * variables; the pending changes are reviewed and applied as one modification command.
 */
import { t } from '../web/i18n';
import type { ElementInstance } from './api';
import { canActivate, canAdd, canMoveFrom, type FlowNode } from './flow-nodes';
import type { PendingCounts } from './diagram';
import type { BpmnNames } from './names';
import { pendingCounts, toModification, type PendingChange, type VarScope, type Variables } from './modification-plan';
import { modifyInstance } from './operations-api';
import { operationError, parseVariables } from './operation-error';
import { openDialog } from '../tasklist/ui/dialog';
import { button, h, replace } from '../tasklist/ui/dom';
import { toast } from '../tasklist/ui/toast';

export interface ModificationContext {
  instanceKey: string;
  nodes: FlowNode[];
  names: BpmnNames;
  /** Marks the selected element in the diagram. */
  mark(elementId: string | undefined): void;
  /** Shows the pending token changes in the diagram. */
  showPending(counts: PendingCounts): void;
  /** Called when the mode is left; `applied` when the engine took the changes. */
  left(applied: boolean): Promise<void> | void;
}

export class ModificationMode {
  readonly host = h('section.card.ck-modify', { 'data-testid': 'modification' });
  private selected: string | undefined;
  private pending: PendingChange[] = [];
  private elements: ElementInstance[] = [];
  /** What the operator typed, kept when a poll redraws the panel. */
  private draft = { target: '', variables: '', scope: 'instance' };

  constructor(private readonly ctx: ModificationContext) {}

  get isSelected(): string | undefined {
    return this.selected;
  }

  /** New element instances from a poll: the tokens offered follow the instance. */
  update(elements: ElementInstance[]): void {
    this.elements = elements;
    this.render();
  }

  select(elementId: string | undefined): void {
    this.selected = elementId && this.ctx.nodes.some((n) => n.id === elementId) ? elementId : undefined;
    this.ctx.mark(this.selected);
    this.render();
  }

  private label(id: string): string {
    return `${this.ctx.names.label(id, this.ctx.names.typeOf(id))} (${id})`;
  }

  private tokens(elementId: string): string[] {
    return this.elements.filter((e) => e.elementId === elementId && e.state === 'ACTIVE').map((e) => e.elementInstanceKey);
  }

  /** Tokens not already cancelled or moved by a pending change. */
  private freeTokens(elementId: string): string[] {
    const taken = new Set(this.pending.flatMap((c) => (c.kind === 'add' ? [] : c.keys)));
    return this.tokens(elementId).filter((k) => !taken.has(k));
  }

  pendingCounts(): PendingCounts {
    return pendingCounts(this.pending);
  }

  describe(c: PendingChange): string {
    if (c.kind === 'cancel') return t('ck.mod.pendingCancel', { element: this.label(c.elementId), n: c.keys.length });
    if (c.kind === 'add') return t('ck.mod.pendingAdd', { element: this.label(c.elementId) });
    return t('ck.mod.pendingMove', { element: this.label(c.elementId), target: this.label(c.target), n: c.keys.length });
  }

  private render(): void {
    this.ctx.showPending(this.pendingCounts());
    const id = this.selected;
    const node = this.ctx.nodes.find((n) => n.id === id);
    const free = id ? this.freeTokens(id) : [];
    // With several tokens, each can be picked (Operate cancels or moves one element instance too); all by default.
    const picks = free.map((key) =>
      h('input', { type: 'checkbox', name: 'token', value: key, checked: true, 'aria-label': t('ck.mod.token', { key }) }),
    );
    const picked = () => picks.filter((p) => p.checked).map((p) => p.value);
    const error = h('div');
    const elementSelect = h(
      'select.select',
      { name: 'element', 'aria-label': t('ck.mod.element') },
      h('option', { value: '' }, t('ck.mod.choose')),
      ...this.ctx.nodes.map((n) =>
        h(
          'option',
          { value: n.id, selected: n.id === id },
          `${this.label(n.id)}${this.tokens(n.id).length ? ` · ${this.tokens(n.id).length} ●` : ''}`,
        ),
      ),
    );
    elementSelect.addEventListener('change', () => this.select(elementSelect.value || undefined));
    const targets = this.ctx.nodes.filter((n) => canActivate(n) && n.id !== id);
    const target = h(
      'select.select',
      { name: 'target', 'aria-label': t('ck.mod.target') },
      ...targets.map((n) => h('option', { value: n.id, selected: n.id === this.draft.target }, this.label(n.id))),
    );
    target.addEventListener('change', () => (this.draft.target = target.value));
    const vars = h('textarea.textarea.mono', { name: 'modVariables', rows: 2, placeholder: '{ "approved": true }' });
    vars.value = this.draft.variables;
    vars.addEventListener('input', () => (this.draft.variables = vars.value));
    const scope = h(
      'select.select',
      { name: 'varScope', 'aria-label': t('ck.mod.varScope') },
      h('option', { value: 'instance' }, t('ck.mod.scopeInstance')),
      h('option', { value: 'element' }, t('ck.mod.scopeElement')),
    );
    scope.value = this.draft.scope;
    scope.addEventListener('change', () => (this.draft.scope = scope.value));
    const withVariables = (add: (variables: Variables, scope: VarScope) => PendingChange) => {
      try {
        this.pending.push(add(parseVariables(vars.value), scope.value as VarScope));
        this.draft.variables = '';
      } catch (err) {
        replace(error, h('div.alert.alert-danger', {}, (err as Error).message));
        return;
      }
      this.render();
    };
    const actions = id
      ? h(
          'div.ck-mod-actions',
          {},
          h('div.muted', { 'data-testid': 'token-count' }, t('ck.mod.tokens', { n: this.tokens(id).length })),
          picks.length > 1 ? h('div.ck-tokens', {}, ...picks.map((p) => h('label.mono', {}, p, ' ', p.value))) : null,
          h(
            'div.ck-actions',
            {},
            button(
              t('ck.mod.cancelTokens'),
              () => picked().length > 0 && (this.pending.push({ kind: 'cancel', elementId: id, keys: picked() }), this.render()),
              'danger',
              {
                'data-action': 'mod-cancel',
                disabled: free.length === 0,
              },
            ),
            button(
              t('ck.mod.addToken'),
              () => withVariables((variables, s) => ({ kind: 'add', elementId: id, variables, scope: s })),
              'secondary',
              {
                'data-action': 'mod-add',
                disabled: !node || !canAdd(node),
              },
            ),
          ),
          h(
            'div.ck-form-row',
            {},
            h('div.field', {}, h('label', {}, t('ck.mod.target')), target),
            h(
              'div.field',
              {},
              h('label', {}, '\u00a0'),
              button(
                t('ck.mod.moveTokens'),
                () =>
                  target.value &&
                  picked().length > 0 &&
                  withVariables((variables, s) => ({
                    kind: 'move',
                    elementId: id,
                    target: target.value,
                    keys: picked(),
                    variables,
                    scope: s,
                  })),
                'primary',
                { 'data-action': 'mod-move', disabled: free.length === 0 || !canMoveFrom(node?.type ?? '') || targets.length === 0 },
              ),
            ),
          ),
          h(
            'div.ck-form-row',
            {},
            h('div.field', {}, h('label', {}, t('ck.mod.variables')), vars),
            h('div.field', {}, h('label', {}, t('ck.mod.varScope')), scope),
          ),
          error,
        )
      : h('p.muted', {}, t('ck.mod.pick'));
    const applyBtn = button(t('ck.mod.apply', { n: this.pending.length }), () => this.confirm(), 'primary', {
      'data-action': 'mod-apply',
      disabled: this.pending.length === 0,
    });
    replace(
      this.host,
      h(
        'div.card-head.ck-mod-head',
        {},
        h('h2', {}, t('ck.mod.title')),
        h('span.muted', {}, t('ck.mod.hint')),
        h('span.spacer'),
        button(t('ck.mod.discard'), () => void this.ctx.left(false), 'secondary', { 'data-action': 'mod-discard' }),
        applyBtn,
      ),
      h(
        'div.card-body.ck-mod-body',
        {},
        h('div.field', {}, h('label', {}, t('ck.mod.element')), elementSelect),
        actions,
        h('h3', {}, t('ck.mod.pending')),
        this.pending.length === 0
          ? h('p.muted', {}, t('ck.mod.none'))
          : h(
              'ol.ck-pending',
              {},
              ...this.pending.map((c, i) =>
                h(
                  'li',
                  { 'data-change': c.kind },
                  h('span', {}, this.describe(c)),
                  button('×', () => (this.pending.splice(i, 1), this.render()), 'ghost', {
                    'aria-label': t('ck.mod.remove'),
                    'data-action': 'mod-remove',
                  }),
                ),
              ),
            ),
      ),
    );
  }

  private confirm(): void {
    const error = h('div');
    const changes = [...this.pending];
    openDialog({
      title: t('ck.mod.confirmTitle'),
      confirm: t('ck.mod.confirm'),
      cancel: t('ck.act.cancelBtn'),
      tone: 'accent',
      body: h(
        'div',
        {},
        h('p', {}, t('ck.mod.confirmText', { key: this.ctx.instanceKey })),
        h('ol', {}, ...changes.map((c) => h('li', {}, this.describe(c)))),
        error,
      ),
      onConfirm: async () => {
        try {
          await modifyInstance(this.ctx.instanceKey, toModification(changes));
        } catch (err) {
          replace(error, operationError(err));
          throw err;
        }
        toast(t('ck.mod.applied'));
        this.pending = [];
        await this.ctx.left(true);
      },
    });
  }
}
