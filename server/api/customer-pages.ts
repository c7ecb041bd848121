/**
 * The pages a customer opens from our mails, without an account: the missing-data form (DNB) and
 * the prepayment offer. Each link carries a signed token (server/customer-links.ts). The pages run
 * under the strict Content-Security-Policy: their state is a JSON data block, their script is
 * /orders/customer-page.js, their style /orders/customer-page.css. Answers are never cached
 * (`Cache-Control: no-store`).
 *
 * In the company's design (templates/company.json, the letters' green), in German, accessible:
 * every input has a label and its hint and error joined by aria-describedby, errors are marked
 * aria-invalid, summarised in an alert and the first wrong field gets the focus; text and
 * controls keep a contrast of at least 4.5:1 (WCAG 2.1 AA) and a visible focus ring.
 */
import type { FastifyReply } from 'fastify';
import company from '../../templates/company.json';

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const scriptJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export interface PageState {
  /** Where the form posts its JSON (with the token in the query). */
  action?: string;
  /** Text shown after a successful post. */
  done?: string;
}

export function customerPage(title: string, body: string, state: PageState = {}): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} – ${escapeHtml(company.shortName)}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/orders/customer-page.css">
<script type="application/json" id="page-state">${scriptJson(state)}</script>
<script src="/orders/customer-page.js" defer></script></head>
<body><header class="brand"><div class="wrap"><span class="logo" aria-hidden="true">${escapeHtml(company.shortName)}</span><span class="sr-only">${escapeHtml(company.name)}</span></div></header>
<main class="wrap" id="main"><h1>${escapeHtml(title)}</h1>
${body}
</main>
<footer class="wrap"><p>${escapeHtml(company.name)} · ${escapeHtml(company.street)}, ${escapeHtml(company.postalCode)} ${escapeHtml(company.city)}<br>
Fragen? Telefon ${escapeHtml(company.phone)} (${escapeHtml(company.serviceHours)}) · <a href="mailto:${escapeHtml(company.email)}">${escapeHtml(company.email)}</a></p></footer>
</body></html>`;
}

export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(html);
}

/**
 * One input of a form: label, optional hint, and an (empty) error element the script fills.
 * `describedby` lists the hint; the script adds the error's id while it shows one.
 */
export function formField(opts: {
  name: string;
  label: string;
  hint?: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  missing?: string;
}): string {
  const id = `f-${opts.name}`;
  const hintId = opts.hint ? `hint-${opts.name}` : '';
  const attrs = [
    `id="${id}"`,
    `name="${opts.name}"`,
    `type="${opts.type ?? 'text'}"`,
    opts.required ? 'required aria-required="true"' : '',
    hintId ? `aria-describedby="${hintId}"` : '',
    opts.autocomplete ? `autocomplete="${opts.autocomplete}"` : '',
    opts.inputmode ? `inputmode="${opts.inputmode}"` : '',
    // The German error the script shows for an empty required input, before anything is sent.
    opts.required ? `data-missing="${escapeHtml(opts.missing ?? `${opts.label} ist eine Pflichtangabe.`)}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (opts.type === 'checkbox') {
    return `<div class="field check"><input ${attrs} value="true"><label for="${id}">${escapeHtml(opts.label)}</label>
${opts.hint ? `<p class="hint" id="${hintId}">${escapeHtml(opts.hint)}</p>` : ''}<p class="field-error" id="err-${opts.name}" hidden></p></div>`;
  }
  return `<div class="field"><label for="${id}">${escapeHtml(opts.label)}${opts.required ? ' <span class="req" aria-hidden="true">*</span>' : ''}</label>
${opts.hint ? `<p class="hint" id="${hintId}">${escapeHtml(opts.hint)}</p>` : ''}<input ${attrs}><p class="field-error" id="err-${opts.name}" hidden></p></div>`;
}

/** The company green of the letters (#0b6e4f: 6.2:1 on white), text #1d1d1b, errors #a4161a (7.6:1). */
export const customerPageStyle = `*,*::before,*::after{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.0625rem;line-height:1.55;color:#1d1d1b;background:#f4f7f5}
.wrap{max-width:40rem;margin:0 auto;padding:0 1.25rem}
.brand{background:#0b6e4f;color:#fff;padding:.9rem 0}
.logo{font-weight:700;font-size:1.4rem;letter-spacing:.02em}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
main{background:#fff;margin-top:1.5rem;margin-bottom:1.5rem;padding-top:1.25rem;padding-bottom:1.5rem;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;line-height:1.25;color:#0b4f39;margin:.25rem 0 1rem}
a{color:#0b6e4f}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.field{margin:0 0 1.1rem}
.field label{display:block;font-weight:600;margin-bottom:.25rem}
.field .req{color:#a4161a}
.hint{margin:0 0 .35rem;color:#4a4a48;font-size:.95rem}
input[type=text],input[type=date]{width:100%;max-width:24rem;font:inherit;padding:.55rem .7rem;border:2px solid #6b6b68;border-radius:.35rem;background:#fff;color:#1d1d1b}
input[aria-invalid=true]{border-color:#a4161a;background:#fff7f7}
.check{display:grid;grid-template-columns:auto 1fr;gap:.25rem .6rem;align-items:start}
.check input{width:1.3rem;height:1.3rem;margin-top:.2rem;accent-color:#0b6e4f}
.check label{font-weight:400;margin:0}
.check .hint,.check .field-error{grid-column:2}
.field-error{margin:.35rem 0 0;color:#a4161a;font-weight:600}
.field-error::before{content:"⚠ ";speak:never}
.errors{border:2px solid #a4161a;border-left-width:.4rem;background:#fff7f7;padding:.75rem 1rem;margin:0 0 1.25rem;border-radius:.35rem}
.errors h2{font-size:1.05rem;margin:0 0 .35rem;color:#a4161a}
.errors ul{margin:0;padding-left:1.2rem}
.errors a{color:#a4161a}
.notice{border-left:.3rem solid #0b6e4f;background:#f3f8f6;padding:.6rem .9rem;margin:1rem 0}
button{font:inherit;font-weight:600;padding:.7rem 1.4rem;border:0;border-radius:.35rem;background:#0b6e4f;color:#fff;cursor:pointer}
button:hover{background:#0b4f39}
button[disabled]{background:#6b6b68;cursor:progress}
#msg:not(:empty){margin-top:1rem;padding:.75rem 1rem;border-radius:.35rem;background:#f3f8f6;border-left:.3rem solid #0b6e4f}
#msg.failed{background:#fff7f7;border-left-color:#a4161a;color:#a4161a}
table{border-collapse:collapse;margin:.5rem 0 1rem}
td{padding:.3rem .8rem .3rem 0;vertical-align:top}
td:first-child{color:#4a4a48}
footer{font-size:.9rem;color:#4a4a48;padding-bottom:2rem}
`;

/**
 * Posts each form as JSON: `#f` to the page state's action (its `done` text shown in `#msg`), and
 * every form[data-action] to its own (its `data-done` text replaces the form; errors go to its own
 * `.errors` and `.form-msg`). A submit button's name and value are sent; inputs marked data-number
 * as numbers. Field errors (problem+json `details`, shown in German: `messageDe`) go next to their
 * inputs and into a summary; the first wrong input gets the focus. An answer with `checkoutUrl`
 * (the payment page's card payment) sends the browser there. Shared by the order pages and the
 * payment page (server/payment-page).
 */
export const customerPageScript = `'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var state = JSON.parse(document.getElementById('page-state').textContent || '{}');
  var forms = [];
  var legacy = document.getElementById('f');
  if (legacy && state.action && !legacy.hasAttribute('data-action')) forms.push({ form: legacy, action: state.action, done: state.done, own: false });
  document.querySelectorAll('form[data-action]').forEach(function (f) {
    forms.push({ form: f, action: f.getAttribute('data-action'), done: f.getAttribute('data-done'), own: true });
  });
  forms.forEach(function (cfg) {
    var form = cfg.form;
    var msg = cfg.own ? form.querySelector('.form-msg') : document.getElementById('msg');
    var summary = cfg.own ? form.querySelector('.errors') : document.getElementById('errors');
    function clearErrors() {
      form.querySelectorAll('[aria-invalid=true]').forEach(function (i) {
        i.removeAttribute('aria-invalid');
        var ids = (i.getAttribute('aria-describedby') || '').split(' ').filter(function (x) { return x && x !== 'err-' + i.name; });
        if (ids.length) i.setAttribute('aria-describedby', ids.join(' ')); else i.removeAttribute('aria-describedby');
      });
      form.querySelectorAll('.field-error').forEach(function (e) { e.textContent = ''; e.hidden = true; });
      if (summary) { summary.hidden = true; summary.textContent = ''; }
      if (msg) { msg.textContent = ''; msg.classList.remove('failed'); }
    }
    function fail(text) { if (msg) { msg.classList.add('failed'); msg.textContent = text; } }
    function showErrors(details) {
      var first = null;
      var items = [];
      details.forEach(function (d) {
        var text = d.messageDe || d.message;
        var input = form.elements[d.field];
        var slot = document.getElementById('err-' + d.field);
        if (input && input.name && slot && form.contains(slot)) {
          slot.textContent = text; slot.hidden = false;
          input.setAttribute('aria-invalid', 'true');
          var ids = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
          if (ids.indexOf(slot.id) < 0) ids.push(slot.id);
          input.setAttribute('aria-describedby', ids.join(' '));
          if (!first) first = input;
          items.push({ text: text, id: input.id });
        } else {
          items.push({ text: text });
        }
      });
      if (summary) {
        var h = document.createElement(cfg.own ? 'h3' : 'h2');
        h.textContent = items.length === 1 ? 'Bitte prüfen Sie Ihre Angabe:' : 'Bitte prüfen Sie Ihre Angaben (' + items.length + '):';
        var ul = document.createElement('ul');
        items.forEach(function (it) {
          var li = document.createElement('li');
          if (it.id) { var a = document.createElement('a'); a.href = '#' + it.id; a.textContent = it.text; li.appendChild(a); }
          else li.textContent = it.text;
          ul.appendChild(li);
        });
        summary.appendChild(h); summary.appendChild(ul); summary.hidden = false;
      } else {
        fail(items.map(function (i) { return i.text; }).join(' '));
      }
      if (first) first.focus(); else if (summary) summary.focus();
    }
    function succeeded(out) {
      var text = cfg.done || 'Vielen Dank.';
      if (!cfg.own) { msg.textContent = text; form.remove(); if (summary) summary.remove(); return; }
      var done = document.createElement('p');
      done.className = 'notice done'; done.setAttribute('role', 'status'); done.tabIndex = -1;
      done.textContent = text;
      if (out.summaryDe) { done.appendChild(document.createElement('br')); done.appendChild(document.createTextNode(out.summaryDe)); }
      form.replaceWith(done); done.focus();
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearErrors();
      var empty = [];
      form.querySelectorAll('[data-missing]').forEach(function (i) {
        if (i.type === 'checkbox' ? !i.checked : !String(i.value).trim()) empty.push({ field: i.name, messageDe: i.getAttribute('data-missing') });
      });
      if (empty.length) { showErrors(empty); return; }
      var data = {};
      new FormData(form).forEach(function (v, k) { data[k] = v; });
      form.querySelectorAll('input[type=checkbox]').forEach(function (c) { data[c.name] = c.checked; });
      form.querySelectorAll('[data-number]').forEach(function (n) { data[n.name] = Number(n.value); });
      if (e.submitter && e.submitter.name) data[e.submitter.name] = e.submitter.value;
      var buttons = form.querySelectorAll('button');
      buttons.forEach(function (b) { b.disabled = true; });
      fetch(cfg.action, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' }, body: JSON.stringify(data) })
        .then(function (res) { return res.json().catch(function () { return {}; }).then(function (out) { return { ok: res.ok, status: res.status, out: out }; }); })
        .then(function (r) {
          if (r.ok && r.out.checkoutUrl) { window.location.assign(r.out.checkoutUrl); return; }
          buttons.forEach(function (b) { b.disabled = false; });
          if (r.ok) { succeeded(r.out); return; }
          var details = r.out.details || [];
          if (details.length) { showErrors(details); return; }
          if (r.status === 401 || r.status === 403) fail('Dieser Link ist ungültig oder abgelaufen. Bitte nutzen Sie den Link aus unserer neuesten E-Mail.');
          else if (r.status === 429) fail('Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.');
          else if (r.status === 409) fail(r.out.detailDe || 'Dieser Auftrag wartet nicht mehr auf diese Angaben oder wurde inzwischen geändert. Bitte laden Sie die Seite neu.');
          else if (r.status === 503) fail(r.out.detailDe || r.out.detail || 'Das hat gerade nicht geklappt. Bitte versuchen Sie es später erneut.');
          else fail('Das hat leider nicht geklappt. Bitte versuchen Sie es später erneut.');
        }, function () { buttons.forEach(function (b) { b.disabled = false; }); fail('Keine Verbindung. Bitte versuchen Sie es erneut.'); });
    });
  });
});
`;
