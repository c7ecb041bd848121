/**
 * The job handlers of order-to-contract and credit-check. Each is idempotent: it derives what it
 * writes from the order id and uses the unique business keys of the domain tables, so a retried
 * job never creates a second contract, renders a second letter or sends a second mail.
 */
import type { Database } from '../../db';
import type { Settings } from '../../config/settings';
import { findMissingData, type OrderInput } from '../../domain/orders';
import {
  BureauUnavailableError,
  PersonUnknownError,
  checkWithAudit,
  type BureauAdapter,
  type BureauName,
  type PersonQuery,
  type TrafficLight,
} from '../bureaus';
import type { DocumentStore, PdfRenderer, TemplateRenderer, Recipient } from '../documents';
import type { Mailer } from '../mail';
import { createContractFromOrder } from '../../domain/contracts';
import { BpmnError } from '../runtime';
import { createCustomerLinks, type CustomerLinks } from '../../server/customer-links';
import { loadOrder, monthlyPrepaymentCents, OrderNotFoundError, orderNumber, updateOrder, type OrderRow } from '../../domain/orders';

export interface HandlerDeps {
  db: Database;
  settings: Pick<Settings, 'publicBaseUrl' | 'customerLinkTtlDays'>;
  /** Signed customer links; defaults to ones on `db`. */
  links?: CustomerLinks;
  adapters: Record<BureauName, BureauAdapter>;
  templates: TemplateRenderer;
  documents: DocumentStore;
  /** Started lazily: Chromium is launched with the first letter. */
  pdf: () => Promise<PdfRenderer>;
  mailer: Mailer;
  /** Today as ISO date (engine clock in tests may differ from the wall clock; letters use this). */
  today?: () => string;
}

export { BpmnError };

export interface BureauOutcome {
  bureau: BureauName;
  outcome: 'answered' | 'person_unknown' | 'unavailable';
  score?: number;
  trafficLight?: TrafficLight;
  fraudSuspicion?: boolean;
  error?: string;
}

export interface CreditSummary {
  score: number | null;
  trafficLight: TrafficLight | null;
  fraudSuspicion: boolean;
  personUnknown: boolean;
  /** Bureaus that answered or said they know nobody: the rejection letter names them. */
  bureausAsked: BureauName[];
  unavailable: BureauName[];
}

type Vars = Record<string, unknown>;

const isoToday = () => new Date().toISOString().slice(0, 10);
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function personOf(order: OrderInput, orderId: string): PersonQuery {
  const a = order.supplyAddress;
  return {
    firstName: order.customer.firstName,
    lastName: order.customer.lastName,
    birthDate: order.customer.birthDate,
    address: { street: a.street, houseNumber: a.houseNumber, postalCode: a.postalCode, city: a.city, country: 'DE' },
    reference: orderId,
  };
}

function recipientOf(order: OrderInput): Recipient {
  const a = order.billingAddress ?? order.supplyAddress;
  return {
    name: `${order.customer.firstName} ${order.customer.lastName}`,
    street: a.street,
    houseNumber: a.houseNumber,
    postalCode: a.postalCode,
    city: a.city,
  };
}

const tariffName = (order: OrderInput) => `${order.tariff.commodity === 'gas' ? 'Gas' : 'Strom'}tarif ${order.tariff.code}`;

export function createHandlers(deps: HandlerDeps) {
  const { db } = deps;
  const today = deps.today ?? isoToday;
  const links = deps.links ?? createCustomerLinks(db, deps.settings);
  const linkTo = (order: OrderRow, purpose: 'data' | 'offer') => links.url(deps.settings.publicBaseUrl, order.id, purpose);

  async function orderOf(vars: Vars): Promise<OrderRow> {
    return loadOrder(db, String(vars.orderId));
  }

  /**
   * The order with the numbers of its contract, customer and account and its SEPA mandate, in one
   * statement: the confirmation letter asked five, each a round trip to the one PGlite connection
   * the engine also writes through.
   */
  async function orderWithContract(vars: Vars) {
    const orderId = String(vars.orderId);
    const row = (await db('orders as o')
      .leftJoin('contracts as c', 'c.order_id', 'o.id')
      .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
      .leftJoin('contract_accounts as a', 'a.id', 'c.contract_account_id')
      .leftJoin('sepa_mandates as m', 'm.contract_account_id', 'a.id')
      .where('o.id', orderId)
      // camelCase aliases: the columns of orders are snake_case, so none is overwritten.
      .first(
        'o.*',
        'c.id as contractId',
        'c.contract_number as contractNumber',
        'cu.customer_number as customerNumber',
        'a.account_number as accountNumber',
        'm.iban as mandateIban',
        'm.mandate_reference as mandateReference',
      )) as
      | (OrderRow & {
          contractId: string | null;
          contractNumber: string;
          customerNumber: string;
          accountNumber: string;
          mandateIban: string | null;
          mandateReference: string | null;
        })
      | undefined;
    if (!row) throw new OrderNotFoundError(orderId);
    const { contractId, contractNumber, customerNumber, accountNumber, mandateIban, mandateReference, ...order } = row;
    if (!contractId) throw new Error(`order ${orderId} has no contract yet`);
    const mandate = mandateIban ? { iban: mandateIban, mandateReference: mandateReference! } : undefined;
    return { order: order as OrderRow, contract: { id: contractId, contractNumber, customerNumber, accountNumber, mandate } };
  }

  async function renderOnce(order: OrderRow, key: string, kind: string, fileName: string, html: () => string, contractId?: string) {
    const doc = await deps.documents.ensure(
      { businessKey: `order:${order.id}:${key}`, kind, fileName, contentType: 'application/pdf', orderId: order.id, contractId },
      async () => (await deps.pdf()).render(html()),
    );
    return doc.id;
  }

  async function mailWithLetter(order: OrderRow, key: string, text: { subject: string; text: string }) {
    const doc = await deps.documents.getByKey(`order:${order.id}:${key}`);
    const attachments = doc ? [{ filename: doc.fileName, content: doc.content, contentType: doc.contentType }] : [];
    const sent = await deps.mailer.sendOnce(db, `order:${order.id}:${key}`, { to: order.payload.customer.email, ...text, attachments });
    return sent.messageId;
  }

  const name = (o: OrderRow) => ({ name: `${o.payload.customer.firstName} ${o.payload.customer.lastName}` });

  return {
    /** Dublette: same person at the same address in another open order, or the meter in an active or pending contract. */
    async 'order.check-duplicates'(vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      const reasons: string[] = [];
      const samePerson = await db('orders')
        .whereNot({ id: order.id })
        .where({ person_key: order.person_key, address_key: order.address_key })
        .whereNotIn('status', ['rejected', 'cancelled'])
        .first('id');
      if (samePerson) reasons.push(`Gleiche Person an gleicher Adresse: Auftrag ${samePerson.id}`);
      if (order.meter_number) {
        const sameMeter = await db('contracts')
          .join('meters', 'contracts.meter_id', 'meters.id')
          .where('meters.meter_number', order.meter_number)
          .whereIn('contracts.status', ['pending', 'active'])
          .first('contracts.contract_number');
        if (sameMeter) reasons.push(`Zähler ${order.meter_number} hat einen Vertrag: ${sameMeter.contract_number}`);
      }
      // Before the job completes, so the order says so as soon as the review task can exist.
      await updateOrder(db, order.id, { status: reasons.length > 0 ? 'in_duplicate_review' : 'checking' });
      return { duplicate: reasons.length > 0, duplicateReasons: reasons.join('\n') };
    },

    /** One bureau. Person unknown → BPMN error; unavailable → next bureau, or (last bureau) a failed job. */
    async bureau(bureau: BureauName, vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      // The credit check runs: a duplicate review (if any) is done.
      if (order.status === 'received' || order.status === 'in_duplicate_review') {
        await db('orders')
          .where({ id: order.id })
          .whereIn('status', ['received', 'in_duplicate_review'])
          .update({ status: 'checking', updated_at: db.fn.now() });
      }
      const adapter = deps.adapters[bureau];
      if (!adapter) throw new Error(`no adapter for bureau ${bureau}`);
      try {
        const r = await checkWithAudit(db, adapter, order.id, personOf(order.payload, order.id));
        const bureauResult: BureauOutcome = {
          bureau,
          outcome: 'answered',
          score: r.score,
          trafficLight: r.trafficLight,
          fraudSuspicion: r.fraudSuspicion,
        };
        return { bureauResult };
      } catch (err) {
        if (err instanceof PersonUnknownError) throw new BpmnError('PERSON_UNKNOWN', err.message);
        if (err instanceof BureauUnavailableError && vars.lastBureau !== true) {
          const bureauResult: BureauOutcome = { bureau, outcome: 'unavailable', error: err.message };
          return { bureauResult };
        }
        throw err;
      }
    },

    // The aggregate and the decision need no column of the order: no SELECT first, updateOrder
    // itself fails the job when the order does not exist (one statement per job instead of two).
    async 'credit-check.aggregate'(vars: Vars): Promise<Vars> {
      const orderId = String(vars.orderId);
      const results = ((vars.bureauResults as (BureauOutcome | null)[] | undefined) ?? []).filter((r): r is BureauOutcome => !!r);
      const answered = results.filter((r) => r.outcome === 'answered');
      const worst = answered.reduce<BureauOutcome | undefined>((w, r) => (!w || (r.score ?? 0) < (w.score ?? 0) ? r : w), undefined);
      const credit: CreditSummary = {
        score: worst?.score ?? null,
        trafficLight: worst?.trafficLight ?? null,
        fraudSuspicion: answered.some((r) => r.fraudSuspicion === true),
        personUnknown: answered.length === 0 && results.some((r) => r.outcome === 'person_unknown'),
        bureausAsked: results.filter((r) => r.outcome !== 'unavailable').map((r) => r.bureau),
        unavailable: results.filter((r) => r.outcome === 'unavailable').map((r) => r.bureau),
      };
      await updateOrder(db, orderId, { score: credit.score, traffic_light: credit.trafficLight, status: 'checking' });
      return { credit };
    },

    async 'order.record-decision'(vars: Vars): Promise<Vars> {
      const decision = vars.decision as { outcome: string; reason: string };
      await updateOrder(db, String(vars.orderId), {
        decision: decision.outcome,
        reasons: [decision.reason],
        status: decision.outcome === 'review' ? 'in_credit_review' : 'checking',
      });
      return {};
    },

    async 'order.check-completeness'(vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      const missing = findMissingData(order.payload);
      // Reached after an approved credit review and after supplied data: checking again.
      await updateOrder(db, order.id, { missing_data: missing, status: 'checking' });
      return { dataComplete: missing.length === 0, missingData: missing.map((m) => m.field) };
    },

    async 'mail.send-dnb-request'(vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      const missing = findMissingData(order.payload);
      const t = today();
      const mail = deps.templates.mail('dnb-request', {
        recipient: name(order),
        orderNumber: orderNumber(order.id),
        missing: missing.map((m) => m.label),
        link: await linkTo(order, 'data'),
        dueDate: addDays(t, 7),
        cancelDate: addDays(t, 21),
      });
      await deps.mailer.sendOnce(db, `order:${order.id}:dnb-request:${missing.map((m) => m.field).join(',')}`, {
        to: order.payload.customer.email,
        ...mail,
      });
      await updateOrder(db, order.id, { status: 'awaiting_data', missing_data: missing });
      return {};
    },

    async 'mail.send-dnb-reminder'(vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      const missing = findMissingData(order.payload);
      const mail = deps.templates.mail('dnb-reminder', {
        recipient: name(order),
        orderNumber: orderNumber(order.id),
        missing: missing.map((m) => m.label),
        link: await linkTo(order, 'data'),
        cancelDate: addDays(today(), 14),
      });
      await deps.mailer.sendOnce(db, `order:${order.id}:dnb-reminder`, { to: order.payload.customer.email, ...mail });
      return {};
    },

    async 'order.cancel'(vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      await updateOrder(db, order.id, {
        status: 'cancelled',
        reasons: [...(order.reasons ?? []), 'Fehlende Daten nicht innerhalb von 21 Tagen nachgereicht'],
      });
      return {};
    },

    /** Customer, contract account, meter, contract and SEPA mandate, each once per order. */
    async 'order.persist-contract'(vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      const contractId = await createContractFromOrder(db, order);
      await updateOrder(db, order.id, { status: 'contracted', decision: 'accept', missing_data: [] });
      return { contractId };
    },

    async 'document.render-order-confirmation'(vars: Vars): Promise<Vars> {
      const { order, contract } = await orderWithContract(vars);
      const o = order.payload;
      const documentId = await renderOnce(
        order,
        'confirmation',
        'order_confirmation',
        `Auftragsbestaetigung-${orderNumber(order.id)}.pdf`,
        () =>
          deps.templates.letter('order-confirmation', {
            recipient: recipientOf(o),
            date: today(),
            orderNumber: orderNumber(order.id),
            customerNumber: contract.customerNumber,
            contractAccountNumber: contract.accountNumber,
            contractNumber: contract.contractNumber,
            tariffName: tariffName(o),
            startDate: o.desiredStartDate!,
            supplyAddress: o.supplyAddress,
            meterNumber: o.meter.meterNumber!,
            marketLocationId: o.meter.marketLocationId,
            annualConsumptionKwh: o.annualConsumptionKwh,
            previousSupplier: o.previousSupplier?.name,
            sepa: contract.mandate,
          }),
        contract.id,
      );
      return { confirmationDocumentId: documentId };
    },

    async 'mail.send-order-confirmation'(vars: Vars): Promise<Vars> {
      const { order, contract } = await orderWithContract(vars);
      const text = deps.templates.mail('order-confirmation', {
        recipient: name(order),
        orderNumber: orderNumber(order.id),
        customerNumber: contract.customerNumber,
        contractNumber: contract.contractNumber,
        startDate: order.payload.desiredStartDate!,
      });
      return { confirmationMessageId: await mailWithLetter(order, 'confirmation', text) };
    },

    async 'order.reject'(vars: Vars): Promise<Vars> {
      const reasons: string[] = [];
      if (vars.duplicateDecision === 'reject') reasons.push('Dublette: von der Sachbearbeitung abgelehnt');
      const decision = vars.decision as { reason?: string } | undefined;
      if (decision?.reason) reasons.push(decision.reason);
      if (vars.reviewDecision === 'reject')
        reasons.push(`Von der Sachbearbeitung abgelehnt${vars.reviewComment ? `: ${String(vars.reviewComment)}` : ''}`);
      await updateOrder(db, String(vars.orderId), { status: 'rejected', decision: 'reject', reasons });
      return {};
    },

    async 'document.render-rejection'(vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      const credit = vars.credit as CreditSummary | undefined;
      const documentId = await renderOnce(order, 'rejection', 'rejection', `Ablehnung-${orderNumber(order.id)}.pdf`, () =>
        deps.templates.letter('rejection', {
          recipient: recipientOf(order.payload),
          date: today(),
          orderNumber: orderNumber(order.id),
          orderDate: new Date(order.created_at).toISOString().slice(0, 10),
          bureausAsked: credit?.bureausAsked ?? [],
          reviewedByHuman: vars.reviewDecision != null || vars.duplicateDecision != null,
        }),
      );
      return { rejectionDocumentId: documentId };
    },

    async 'mail.send-rejection'(vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      const text = deps.templates.mail('rejection', { recipient: name(order), orderNumber: orderNumber(order.id) });
      return { rejectionMessageId: await mailWithLetter(order, 'rejection', text) };
    },

    async 'order.offer-prepayment'(vars: Vars): Promise<Vars> {
      await updateOrder(db, String(vars.orderId), { status: 'prepayment_offered', decision: 'prepayment' });
      return {};
    },

    async 'document.render-prepayment-offer'(vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      const o = order.payload;
      const credit = vars.credit as CreditSummary | undefined;
      const acceptLink = await linkTo(order, 'offer');
      const documentId = await renderOnce(
        order,
        'prepayment-offer',
        'prepayment_offer',
        `Vorkasse-Angebot-${orderNumber(order.id)}.pdf`,
        () =>
          deps.templates.letter('prepayment-offer', {
            recipient: recipientOf(o),
            date: today(),
            orderNumber: orderNumber(order.id),
            orderDate: new Date(order.created_at).toISOString().slice(0, 10),
            tariffName: tariffName(o),
            supplyAddress: o.supplyAddress,
            monthlyPrepayment: monthlyPrepaymentCents(o) / 100,
            acceptUntil: addDays(today(), 14),
            acceptLink,
            bureausAsked: credit?.bureausAsked ?? [],
          }),
      );
      return { prepaymentDocumentId: documentId };
    },

    async 'mail.send-prepayment-offer'(vars: Vars): Promise<Vars> {
      const order = await orderOf(vars);
      const text = deps.templates.mail('prepayment-offer', {
        recipient: name(order),
        orderNumber: orderNumber(order.id),
        acceptUntil: addDays(today(), 14),
        acceptLink: await linkTo(order, 'offer'),
      });
      return { prepaymentMessageId: await mailWithLetter(order, 'prepayment-offer', text) };
    },
  };
}

export type Handlers = ReturnType<typeof createHandlers>;
