/**
 * The pages a customer opens from our mails, without an account: the missing-data form (DNB) and
 * the prepayment offer. Each link carries a signed token (server/customer-links.ts). The pages run
 * under the strict Content-Security-Policy: their state is a JSON data block, their script is
 * /orders/customer-page.js. Answers are never cached (`Cache-Control: no-store`).
 */
import type { FastifyReply } from 'fastify';

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export interface PageState {
  /** Where the form posts its JSON (with the token in the query). */
  action?: string;
  /** Text shown after a successful post. */
  done?: string;
}

export function customerPage(title: string, body: string, state: PageState = {}): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>
<script type="application/json" id="page-state">${scriptJson(state)}</script>
<script src="/orders/customer-page.js" defer></script></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(html);
}

/** Posts the form `#f` as JSON to the page's action; shows the answer in `#msg`. */
export const customerPageScript = `'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var state = JSON.parse(document.getElementById('page-state').textContent || '{}');
  var form = document.getElementById('f');
  var msg = document.getElementById('msg');
  if (!form || !state.action) return;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var data = {};
    new FormData(form).forEach(function (v, k) { data[k] = v; });
    form.querySelectorAll('input[type=checkbox]').forEach(function (c) { data[c.name] = c.checked; });
    fetch(state.action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) })
      .then(function (res) { return res.json().then(function (out) { return { ok: res.ok, out: out }; }); })
      .then(function (r) {
        if (r.ok) { msg.textContent = state.done || 'Vielen Dank.'; form.remove(); return; }
        var errors = (r.out.errors || r.out.details || []).map(function (x) { return x.field + ': ' + x.message; });
        msg.textContent = errors.length ? errors.join('; ') : (r.out.detail || r.out.message || 'Das hat leider nicht geklappt.');
      }, function () { msg.textContent = 'Keine Verbindung. Bitte versuchen Sie es erneut.'; });
  });
});
`;
