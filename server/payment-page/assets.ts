/**
 * The payment page's script and style, served from this origin (/pay/page.js, /pay/page.css) so
 * the strict CSP holds. The base style is the customer pages' (/orders/customer-page.css).
 *
 * Every form[data-action] posts its fields as JSON to its action (the token is in the URL). Field
 * errors (problem+json `details`, German in `messageDe`) go next to their inputs and into the
 * form's alert summary; the first wrong input gets the focus. A checkout answer sends the browser
 * to the provider's page.
 */
export const paymentPageScript = `'use strict';
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('form[data-action]').forEach(function (form) {
    var msg = form.querySelector('.form-msg');
    var summary = form.querySelector('.errors');
    function clearErrors() {
      form.querySelectorAll('[aria-invalid=true]').forEach(function (i) {
        i.removeAttribute('aria-invalid');
        var ids = (i.getAttribute('aria-describedby') || '').split(' ').filter(function (x) { return x && x !== 'err-' + i.name; });
        if (ids.length) i.setAttribute('aria-describedby', ids.join(' ')); else i.removeAttribute('aria-describedby');
      });
      form.querySelectorAll('.field-error').forEach(function (e) { e.textContent = ''; e.hidden = true; });
      if (summary) { summary.hidden = true; summary.textContent = ''; }
      if (msg) { msg.textContent = ''; msg.className = 'form-msg'; }
    }
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
        var h = document.createElement('h3');
        h.textContent = items.length === 1 ? 'Bitte prüfen Sie Ihre Angabe:' : 'Bitte prüfen Sie Ihre Angaben (' + items.length + '):';
        var ul = document.createElement('ul');
        items.forEach(function (it) {
          var li = document.createElement('li');
          if (it.id) { var a = document.createElement('a'); a.href = '#' + it.id; a.textContent = it.text; li.appendChild(a); }
          else li.textContent = it.text;
          ul.appendChild(li);
        });
        summary.appendChild(h); summary.appendChild(ul); summary.hidden = false;
      } else if (msg) {
        fail(items.map(function (i) { return i.text; }).join(' '));
      }
      if (first) first.focus(); else if (summary) summary.focus();
    }
    function fail(text) { if (msg) { msg.className = 'form-msg failed'; msg.textContent = text; } }
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
      if (e.submitter && e.submitter.getAttribute('data-method')) data.method = e.submitter.getAttribute('data-method');
      if (data.rateCount !== undefined) data.rateCount = Number(data.rateCount);
      var buttons = form.querySelectorAll('button');
      buttons.forEach(function (b) { b.disabled = true; });
      fetch(form.getAttribute('data-action'), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' }, body: JSON.stringify(data) })
        .then(function (res) { return res.json().catch(function () { return {}; }).then(function (out) { return { ok: res.ok, status: res.status, out: out }; }); })
        .then(function (r) {
          if (r.ok && r.out.checkoutUrl) { window.location.assign(r.out.checkoutUrl); return; }
          buttons.forEach(function (b) { b.disabled = false; });
          if (r.ok) {
            var done = document.createElement('p');
            done.className = 'notice done'; done.setAttribute('role', 'status'); done.tabIndex = -1;
            done.textContent = form.getAttribute('data-done') || 'Vielen Dank.';
            if (r.out.summaryDe) { var s = document.createElement('p'); s.textContent = r.out.summaryDe; done.appendChild(document.createElement('br')); done.appendChild(s); }
            form.replaceWith(done); done.focus();
            return;
          }
          var details = r.out.details || [];
          if (r.status === 400 && details.length) { showErrors(details); return; }
          if (r.status === 401 || r.status === 403) fail('Dieser Link ist ungültig oder abgelaufen. Bitte nutzen Sie den Link aus unserer neuesten E-Mail.');
          else if (r.status === 429) fail('Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.');
          else if (r.status === 409 || r.status === 503) fail(r.out.detailDe || 'Das hat gerade nicht geklappt. Bitte laden Sie die Seite neu und versuchen Sie es erneut.');
          else fail('Das hat leider nicht geklappt. Bitte versuchen Sie es später erneut.');
        }, function () { buttons.forEach(function (b) { b.disabled = false; }); fail('Keine Verbindung. Bitte versuchen Sie es erneut.'); });
    });
  });
});
`;

/** Additions to the customer pages' style: the items table, totals, transfer data, the QR code, button rows. */
export const paymentPageStyle = `.skip{position:absolute;left:-999px;top:0;background:#fff;color:#0b4f39;padding:.5rem 1rem;z-index:2}
.skip:focus{left:.5rem}
main{max-width:48rem}
.wrap{max-width:48rem}
h2{font-size:1.2rem;color:#0b4f39;margin:1.75rem 0 .6rem;border-top:1px solid #d5dfda;padding-top:1.1rem}
h3{font-size:1.05rem;margin:0 0 .35rem;color:#a4161a}
.table-scroll{overflow-x:auto}
table.items{width:100%;border-collapse:collapse}
table.items th,table.items td{padding:.45rem .5rem;border-bottom:1px solid #d5dfda;text-align:left;vertical-align:top}
table.items thead th{font-size:.9rem;color:#4a4a48}
table.items tr.group th{background:#f3f8f6;color:#0b4f39;font-size:.95rem}
td:first-child{color:#1d1d1b}
.num{text-align:right;white-space:nowrap}
.doc{font-size:.85rem;color:#4a4a48}
.status{font-size:.9rem}
.status-disputed{color:#7a4b00;font-weight:600}
.status-not_due,.status-collecting,.status-credit{color:#4a4a48}
tr.item-disputed td{background:#fff8e6}
table.totals{margin:1rem 0 .5rem auto;min-width:16rem}
table.totals th{text-align:left;font-weight:400;padding:.2rem 1rem .2rem 0}
table.totals tr.total th,table.totals tr.total td{font-weight:700;font-size:1.15rem;border-top:2px solid #1d1d1b;padding-top:.4rem}
.transfer{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-start}
dl.bank{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem;margin:0}
dl.bank dt{color:#4a4a48}dl.bank dd{margin:0;font-weight:600;word-break:break-word}
figure.girocode{margin:0;text-align:center}figure.girocode img{display:block;background:#fff}
figcaption{font-size:.9rem;color:#4a4a48}
.buttons{display:flex;flex-wrap:wrap;gap:.75rem}
button.secondary{background:#fff;color:#0b4f39;border:2px solid #0b6e4f}
button.secondary:hover{background:#f3f8f6}
select,textarea{width:100%;max-width:32rem;font:inherit;padding:.55rem .7rem;border:2px solid #6b6b68;border-radius:.35rem;background:#fff;color:#1d1d1b}
select:focus-visible,textarea:focus-visible,.skip:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
textarea[aria-invalid=true],select[aria-invalid=true]{border-color:#a4161a;background:#fff7f7}
.form-msg:not(:empty){margin-top:1rem;padding:.75rem 1rem;border-radius:.35rem;background:#f3f8f6;border-left:.3rem solid #0b6e4f}
.form-msg.failed{background:#fff7f7;border-left-color:#a4161a;color:#a4161a}
.button-link{display:inline-block;font-weight:600;padding:.7rem 1.4rem;border-radius:.35rem;background:#0b6e4f;color:#fff;text-decoration:none}
.button-link:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
@media (max-width:30rem){table.items thead{display:none}table.items td{display:block;border:0;padding:.15rem .5rem}table.items tr.item{display:block;border-bottom:1px solid #d5dfda;padding:.4rem 0}.num{text-align:left}table.totals{margin-left:0;width:100%}}
`;
