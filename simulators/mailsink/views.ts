import type { CapturedMail } from './sink';

/** A mail as JSON: everything but the attachments' bytes, which have their own URL. */
export function mailToJson(m: CapturedMail, basePath = '/mail') {
  return {
    id: m.id,
    receivedAt: m.receivedAt.toISOString(),
    envelope: m.envelope,
    from: m.from,
    to: m.to,
    subject: m.subject,
    messageId: m.messageId,
    text: m.text,
    html: m.html,
    attachments: m.attachments.map((a, index) => ({
      index,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      url: `${basePath}/api/messages/${m.id}/attachments/${index}`,
    })),
  };
}

export function mailsToJson(mails: CapturedMail[], basePath = '/mail') {
  return { count: mails.length, messages: mails.map((m) => mailToJson(m, basePath)) };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const time = new Intl.DateTimeFormat('de-DE', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Berlin' });

/** The web page at /mail: captured mails, newest first, with text and attachment links. */
export function renderMailListHtml(mails: CapturedMail[], basePath = '/mail'): string {
  const rows = mails
    .map(
      (m) => `
  <details>
    <summary><span class="when">${esc(time.format(m.receivedAt))}</span> <b>${esc(m.subject || '(kein Betreff)')}</b>
      <span class="who">an ${esc(m.to.join(', '))}</span>${m.attachments.length ? ` <span class="att">📎 ${m.attachments.length}</span>` : ''}</summary>
    <div class="mail">
      <div class="meta">Von: ${esc(m.from)} · An: ${esc(m.to.join(', '))} · Message-ID: ${esc(m.messageId)}</div>
      <pre>${esc(m.text)}</pre>
      ${m.attachments.map((a, i) => `<a href="${basePath}/api/messages/${m.id}/attachments/${i}">${esc(a.filename)}</a> (${esc(a.contentType)}, ${a.size} Bytes)`).join('<br>')}
    </div>
  </details>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Postausgang (Mail-Sink)</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d1d1b; }
  details { border-bottom: 1px solid #ddd; padding: .5rem 0; }
  summary { cursor: pointer; }
  .when, .who, .meta { color: #666; font-size: .9em; }
  pre { white-space: pre-wrap; background: #f6f6f6; padding: .75rem; }
</style></head>
<body>
  <h1>Postausgang</h1>
  <p>${mails.length} Mail(s) über SMTP empfangen, neueste zuerst. <a href="${basePath}/api/messages">JSON</a></p>
  ${rows || '<p>Noch keine Mails.</p>'}
</body></html>`;
}
