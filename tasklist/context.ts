/** The case behind a task: order and customer (product API) plus credit facts (process variables). */
import { t } from '../web/i18n';
import { orderNumberOf, type OrderSummary } from './api';
import { chip, h, type Tone } from './ui/dom';
import { formatDate, formatNumber } from './ui/format';

type Vars = Record<string, unknown>;

const obj = (v: unknown): Vars => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Vars) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);
const lightTone: Record<string, Tone> = { green: 'success', yellow: 'warning', red: 'danger' };

export function trafficLightChip(light: string | undefined | null): HTMLElement | null {
  if (!light) return null;
  const label = ['green', 'yellow', 'red'].includes(light) ? t(`tl.light.${light}`) : light;
  return chip(label, lightTone[light] ?? 'neutral', { 'data-traffic-light': light });
}

/** Score 0–1000 as a bar with the bands of the credit rules (red < 250 ≤ yellow ≤ 400 < green). */
function scoreGauge(score: number, light?: string): HTMLElement {
  const pct = Math.max(0, Math.min(100, score / 10));
  return h(
    'div.tl-score',
    {},
    h('div.tl-score-value', {}, h('strong', {}, formatNumber(score)), h('span.muted', {}, ' / 1.000')),
    h(
      'div.tl-gauge',
      { 'aria-hidden': 'true' },
      h('div.tl-gauge-fill', { class: `tl-gauge-${light ?? 'none'}`, style: `width:${pct}%` }),
      h('span.tl-gauge-mark', { style: 'left:25%' }),
      h('span.tl-gauge-mark', { style: 'left:40%' }),
    ),
  );
}

function row(label: string, value: Node | string | undefined | null): Node[] {
  return value === undefined || value === null || value === '' ? [] : [h('dt', {}, label), h('dd', {}, value)];
}

function reasonsOf(vars: Vars, order?: OrderSummary): string[] {
  const reasons = new Set<string>();
  const decisionReason = str(obj(vars.decision).reason);
  if (decisionReason) reasons.add(decisionReason);
  for (const r of order?.reasons ?? []) reasons.add(r);
  const dup = str(vars.duplicateReasons);
  if (dup) dup.split('\n').forEach((r) => reasons.add(r));
  return [...reasons];
}

export function renderContext(vars: Vars, order?: OrderSummary): HTMLElement {
  const credit = obj(vars.credit);
  const score = typeof credit.score === 'number' ? credit.score : (order?.score ?? undefined);
  const light = str(credit.trafficLight) ?? order?.trafficLight ?? undefined;
  const orderId = str(vars.orderId);
  const commodity = str(order?.tariff.commodity ?? vars.commodity);
  const payment = str(order?.paymentMethod ?? vars.paymentMethod);
  const bureaus = Array.isArray(credit.bureausAsked) ? (credit.bureausAsked as string[]).map((b) => b.toUpperCase()).join(', ') : undefined;
  const reasons = reasonsOf(vars, order);

  return h(
    'aside.card.tl-context',
    { 'data-testid': 'task-context' },
    h('div.card-head', {}, h('h2', {}, t('tl.ctx.title'))),
    h(
      'div.card-body',
      {},
      order
        ? h(
            'div.tl-customer',
            {},
            h(
              'div.tl-avatar',
              { 'aria-hidden': 'true' },
              order.customer.name
                .split(' ')
                .map((p) => p[0])
                .join('')
                .slice(0, 2),
            ),
            h('div', {}, h('div.tl-customer-name', {}, order.customer.name), h('div.muted', {}, order.supplyAddress)),
          )
        : null,
      h(
        'dl.kv',
        {},
        ...row(t('tl.ctx.order'), order?.orderNumber ?? (orderId ? orderNumberOf(orderId) : undefined)),
        ...row(t('tl.ctx.birth'), order?.customer.birthDate ? formatDate(order.customer.birthDate) : undefined),
        ...row(t('tl.ctx.contact'), order?.customer.email),
        ...row(
          t('tl.ctx.tariff'),
          [order?.tariff.code, commodity ? t(`tl.commodity.${commodity}`) : undefined].filter(Boolean).join(' · ') || undefined,
        ),
        ...row(t('tl.ctx.consumption'), order?.annualConsumptionKwh ? `${formatNumber(order.annualConsumptionKwh)} kWh` : undefined),
        ...row(t('tl.ctx.payment'), payment ? t(`tl.pay.${payment}`) : undefined),
        ...row(t('tl.ctx.start'), order?.desiredStartDate ? formatDate(order.desiredStartDate) : undefined),
      ),
      score !== undefined || light
        ? h(
            'div.tl-credit',
            {},
            h('div.tl-credit-head', {}, h('h3', {}, t('tl.ctx.credit')), trafficLightChip(light)),
            score !== undefined ? scoreGauge(score, light) : null,
            bureaus ? h('div.muted.tl-bureaus', {}, `${t('tl.ctx.bureaus')}: ${bureaus}`) : null,
          )
        : null,
      vars.duplicate === true ? h('div.alert.alert-warning', {}, t('tl.ctx.duplicate')) : null,
      reasons.length ? h('div.tl-reasons', {}, h('h3', {}, t('tl.ctx.reasons')), h('ul', {}, ...reasons.map((r) => h('li', {}, r)))) : null,
    ),
  );
}
