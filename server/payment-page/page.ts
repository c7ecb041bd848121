/**
 * The payment page's HTML: the claim (items, fees and interest apart, disputed items shown but not
 * demanded), the transfer data with a GiroCode, card and PayPal, a SEPA mandate, an installment
 * plan within the DMN's limits, and a contact form. German, mobile first, under the strict CSP:
 * no inline script (the page's state is a JSON data block; the script and base style are the
 * customer pages' of server/api/customer-pages.ts, which posts every form[data-action]), every input
 * labelled, errors joined by aria-describedby.
 */
import type { Claim, ClaimItem } from '../../domain/payments/provider-payments';
import { formatEuro } from '../../domain/money';
import { addDays } from '../../domain/shared/dates';
import company from '../../templates/company.json';
import { formatDate, formatIban } from '../../workers/documents/formatting';
import { escapeHtml, formField } from '../api/customer-pages';

export interface PlanLimits {
  maxRates: number;
  minRateCents: number;
  maxFirstDueDays: number;
  reason: string;
}

/** The rate counts the customer may choose: 2 … maxRates, each rate at least minRateCents. */
export function allowedRateCounts(totalCents: number, limits: PlanLimits | null): number[] {
  if (!limits || limits.maxRates < 2) return [];
  const out: number[] = [];
  for (let n = 2; n <= limits.maxRates; n++) if (Math.floor(totalCents / n) >= limits.minRateCents) out.push(n);
  return out;
}

const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export function paymentPageShell(title: string, body: string, state: Record<string, unknown> = {}): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} – ${escapeHtml(company.shortName)}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/orders/customer-page.css"><link rel="stylesheet" href="/pay/page.css">
<script type="application/json" id="page-state">${scriptJson(state)}</script>
<script src="/orders/customer-page.js" defer></script></head>
<body><a class="skip" href="#main">Zum Inhalt</a><header class="brand"><div class="wrap"><span class="logo" aria-hidden="true">${escapeHtml(company.shortName)}</span><span class="sr-only">${escapeHtml(company.name)}</span></div></header>
<main class="wrap" id="main" tabindex="-1"><h1>${escapeHtml(title)}</h1>
${body}
</main>
<footer class="wrap"><p>${escapeHtml(company.name)} · ${escapeHtml(company.street)}, ${escapeHtml(company.postalCode)} ${escapeHtml(company.city)}<br>
Fragen? Telefon ${escapeHtml(company.phone)} (${escapeHtml(company.serviceHours)}) · <a href="mailto:${escapeHtml(company.email)}">${escapeHtml(company.email)}</a></p></footer>
</body></html>`;
}

/** A message page (refused link, payment result). */
export function messagePage(title: string, text: string, link?: { href: string; label: string }): string {
  return paymentPageShell(
    title,
    `<p>${escapeHtml(text)}</p>${link ? `<p><a class="button-link" href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : ''}`,
  );
}

const STATUS_DE: Record<ClaimItem['status'], string> = {
  due: 'fällig',
  not_due: 'noch nicht fällig',
  disputed: 'in Klärung – wird nicht gefordert',
  collecting: 'wird per Lastschrift eingezogen',
  credit: 'Guthaben',
};

const CATEGORY_DE: Record<ClaimItem['category'], string> = {
  principal: 'Forderungen',
  fees: 'Gebühren und Kosten',
  interest: 'Verzugszinsen',
  credit: 'Guthaben',
};

function itemRow(i: ClaimItem): string {
  return `<tr class="item item-${i.status}" data-line="${escapeHtml(i.lineId)}"><td>${escapeHtml(i.text)}<br><span class="doc">Beleg ${escapeHtml(i.documentNumber)}</span></td>
<td>${i.dueDate ? formatDate(i.dueDate) : '–'}</td><td class="num">${formatEuro(i.openCents)}</td><td><span class="status status-${i.status}">${STATUS_DE[i.status]}</span></td></tr>`;
}

function itemsTable(claim: Claim): string {
  if (claim.items.length === 0) return '<p>Auf Ihrem Vertragskonto sind keine Posten offen.</p>';
  const groups = (['principal', 'fees', 'interest', 'credit'] as const)
    .map((c) => ({ c, items: claim.items.filter((i) => i.category === c) }))
    .filter((g) => g.items.length > 0);
  return `<div class="table-scroll"><table class="items"><caption class="sr-only">Offene Posten Ihres Vertragskontos</caption>
<thead><tr><th scope="col">Posten</th><th scope="col">Fällig am</th><th scope="col" class="num">Betrag</th><th scope="col">Stand</th></tr></thead>
${groups.map((g) => `<tbody><tr class="group"><th scope="rowgroup" colspan="4">${CATEGORY_DE[g.c]}</th></tr>${g.items.map(itemRow).join('')}</tbody>`).join('\n')}
</table></div>`;
}

function totals(claim: Claim): string {
  const row = (label: string, cents: number, id: string, strong = false) =>
    `<tr id="${id}"${strong ? ' class="total"' : ''}><th scope="row">${label}</th><td class="num">${formatEuro(cents)}</td></tr>`;
  return `<table class="totals"><caption class="sr-only">Zusammenfassung</caption>
${row('Fällige Forderungen', claim.principalCents, 'sum-principal')}
${claim.feesCents ? row('Gebühren und Kosten', claim.feesCents, 'sum-fees') : ''}
${claim.interestCents ? row('Verzugszinsen', claim.interestCents, 'sum-interest') : ''}
${claim.creditCents ? row('abzüglich Guthaben', -claim.creditCents, 'sum-credit') : ''}
${row('Jetzt zu zahlen', claim.totalCents, 'sum-total', true)}
</table>
${claim.disputedCents ? `<p class="notice" id="disputed-note">Posten über ${formatEuro(claim.disputedCents)} haben Sie beanstandet. Wir prüfen sie und fordern sie bis zur Klärung nicht.</p>` : ''}
${claim.notDueCents ? `<p class="hint">Noch nicht fällig: ${formatEuro(claim.notDueCents)}. Diese Beträge sind nicht Teil der Forderung.</p>` : ''}`;
}

export interface PaymentPageInput {
  claim: Claim;
  token: string;
  today: string;
  /** The GiroCode as an SVG data URL; absent when nothing is due. */
  giroCodeDataUrl?: string;
  providerEnabled: boolean;
  limits: PlanLimits | null;
  /** Set when the limits could not be decided (engine unavailable): the plan form is not offered. */
  limitsUnavailable?: boolean;
}

export function paymentPage(p: PaymentPageInput): string {
  const { claim, token } = p;
  const q = `?token=${encodeURIComponent(token)}`;
  const remittance = `Vertragskonto ${claim.accountNumber}`;
  const due = claim.totalCents > 0;
  const sections: string[] = [];
  sections.push(`<p>Guten Tag ${escapeHtml(claim.customerName)},<br>hier sehen Sie, was auf Ihrem Vertragskonto <strong>${escapeHtml(claim.accountNumber)}</strong> offen ist, und können es gleich begleichen.</p>
<section aria-labelledby="h-claim"><h2 id="h-claim">Ihre offenen Posten</h2>
${itemsTable(claim)}
${totals(claim)}</section>`);
  if (!due) {
    sections.push(
      `<section aria-labelledby="h-nothing"><h2 id="h-nothing">Nichts zu zahlen</h2><p class="notice" id="nothing-due">Derzeit ist nichts zu zahlen. Vielen Dank!</p></section>`,
    );
  } else {
    sections.push(`<section aria-labelledby="h-transfer"><h2 id="h-transfer">Überweisen</h2>
<div class="transfer"><dl class="bank">
<dt>Empfänger</dt><dd>${escapeHtml(company.name)}</dd>
<dt>IBAN</dt><dd id="our-iban">${escapeHtml(formatIban(company.iban))}</dd>
<dt>BIC</dt><dd>${escapeHtml(company.bic)}</dd>
<dt>Betrag</dt><dd id="transfer-amount">${formatEuro(claim.totalCents)}</dd>
<dt>Verwendungszweck</dt><dd id="transfer-reference">${escapeHtml(remittance)}</dd></dl>
${p.giroCodeDataUrl ? `<figure class="girocode"><img src="${p.giroCodeDataUrl}" width="180" height="180" alt="GiroCode: QR-Code mit diesen Überweisungsdaten für Ihre Banking-App"><figcaption>Mit Ihrer Banking-App scannen</figcaption></figure>` : ''}
</div></section>`);
    if (p.providerEnabled)
      sections.push(`<section aria-labelledby="h-pay"><h2 id="h-pay">Sofort bezahlen</h2>
<p>Sie werden zu unserem Zahlungsdienstleister weitergeleitet und kommen danach hierher zurück.</p>
<form id="pay-form" data-action="/api/pay/checkouts${q}" novalidate>
<div class="buttons"><button type="submit" name="method" value="card" id="pay-card">Mit Karte zahlen (${formatEuro(claim.totalCents)})</button>
<button type="submit" name="method" value="paypal" id="pay-paypal" class="secondary">Mit PayPal zahlen</button></div>
<p class="form-msg" role="status" aria-live="polite"></p></form></section>`);
    sections.push(`<section aria-labelledby="h-mandate"><h2 id="h-mandate">Per Lastschrift zahlen</h2>
${claim.hasActiveMandate ? '<p class="hint">Es besteht bereits ein Lastschriftmandat. Ein neues Mandat ersetzt es.</p>' : ''}
<form id="mandate-form" data-action="/api/pay/mandates${q}" data-done="Vielen Dank! Ihr Lastschriftmandat ist erteilt. Wir ziehen den fälligen Betrag mit der nächsten Lastschrift ein und kündigen sie Ihnen per E-Mail an." novalidate>
<div class="errors" role="alert" tabindex="-1" hidden></div>
${formField({ name: 'accountHolder', label: 'Kontoinhaber', required: true, autocomplete: 'name', missing: 'Bitte geben Sie den Kontoinhaber an.' })}
${formField({ name: 'iban', label: 'IBAN', hint: 'z. B. DE89 3704 0044 0532 0130 00', required: true, autocomplete: 'off', missing: 'Bitte geben Sie Ihre IBAN an.' })}
${formField({
  name: 'mandateConsent',
  type: 'checkbox',
  label: `Ich ermächtige die ${company.name}, Zahlungen von meinem Konto mittels Lastschrift einzuziehen. Zugleich weise ich mein Kreditinstitut an, die von der ${company.name} auf mein Konto gezogenen Lastschriften einzulösen.`,
  hint: `Gläubiger-Identifikationsnummer ${company.creditorId}; die Mandatsreferenz teilen wir Ihnen mit. Hinweis: Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des belasteten Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut vereinbarten Bedingungen.`,
  required: true,
  missing: 'Bitte bestätigen Sie das Lastschriftmandat.',
})}
<button type="submit">Lastschriftmandat erteilen</button><p class="form-msg" role="status" aria-live="polite"></p></form></section>`);
    const counts = allowedRateCounts(claim.totalCents, p.limits);
    let plan: string;
    if (claim.hasActiveAgreement) plan = '<p class="notice">Für Ihr Konto besteht bereits eine Ratenvereinbarung.</p>';
    else if (p.limitsUnavailable)
      plan =
        '<p class="hint">Eine Ratenzahlung können Sie gerade nicht online vereinbaren. Bitte versuchen Sie es später oder schreiben Sie uns.</p>';
    else if (counts.length === 0)
      plan = `<p class="hint" id="plan-unavailable">${escapeHtml(p.limits?.reason || 'Für diesen Betrag ist keine Ratenzahlung möglich.')}</p>`;
    else {
      const latest = addDays(p.today, p.limits!.maxFirstDueDays);
      const options = counts
        .map((n) => `<option value="${n}">${n} Monatsraten zu je etwa ${formatEuro(Math.floor(claim.totalCents / n))}</option>`)
        .join('');
      plan = `<p>Sie können ${formatEuro(claim.totalCents)} in bis zu ${counts[counts.length - 1]} Monatsraten zahlen. Solange Sie die Raten pünktlich zahlen, ruht das Mahnverfahren.</p>
<form id="plan-form" data-action="/api/pay/installment-agreements${q}" data-done="Vielen Dank! Ihre Ratenvereinbarung ist geschlossen." novalidate>
<div class="errors" role="alert" tabindex="-1" hidden></div>
<div class="field"><label for="f-rateCount">Anzahl der Raten <span class="req" aria-hidden="true">*</span></label>
<select id="f-rateCount" name="rateCount" data-number required aria-required="true">${options}</select><p class="field-error" id="err-rateCount" hidden></p></div>
<div class="field"><label for="f-firstDueDate">Erste Rate fällig am <span class="req" aria-hidden="true">*</span></label>
<p class="hint" id="hint-firstDueDate">Spätestens am ${formatDate(latest)}; die weiteren Raten jeweils einen Monat später.</p>
<input id="f-firstDueDate" name="firstDueDate" type="date" required aria-required="true" aria-describedby="hint-firstDueDate" min="${addDays(p.today, 1)}" max="${latest}" value="${addDays(p.today, Math.min(14, p.limits!.maxFirstDueDays))}" data-missing="Bitte wählen Sie das Datum der ersten Rate.">
<p class="field-error" id="err-firstDueDate" hidden></p></div>
<button type="submit">Ratenzahlung vereinbaren</button><p class="form-msg" role="status" aria-live="polite"></p></form>`;
    }
    sections.push(`<section aria-labelledby="h-plan"><h2 id="h-plan">In Raten zahlen</h2>${plan}</section>`);
  }
  sections.push(`<section aria-labelledby="h-contact"><h2 id="h-contact">Fragen oder Einwände?</h2>
<p>Stimmt etwas nicht, oder brauchen Sie mehr Zeit? Schreiben Sie uns, wir melden uns innerhalb eines Werktags.</p>
<form id="contact-form" data-action="/api/pay/contact-requests${q}" data-done="Vielen Dank für Ihre Nachricht. Wir melden uns in Kürze bei Ihnen." novalidate>
<div class="errors" role="alert" tabindex="-1" hidden></div>
<div class="field"><label for="f-message">Ihre Nachricht <span class="req" aria-hidden="true">*</span></label>
<textarea id="f-message" name="message" rows="5" maxlength="2000" required aria-required="true" data-missing="Bitte schreiben Sie uns Ihre Nachricht."></textarea><p class="field-error" id="err-message" hidden></p></div>
${formField({ name: 'contact', label: 'So erreichen wir Sie (E-Mail oder Telefon)', required: true, autocomplete: 'email', missing: 'Bitte geben Sie an, wie wir Sie erreichen.' })}
<button type="submit">Nachricht senden</button><p class="form-msg" role="status" aria-live="polite"></p></form></section>`);
  return paymentPageShell('Ihre offene Forderung', sections.join('\n'), {});
}
