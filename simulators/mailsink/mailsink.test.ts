import Fastify from 'fastify';
import nodemailer from 'nodemailer';
import { MailWaitTimeoutError, mailSinkRoutes, startMailSink, type MailSink } from '.';

let sink: MailSink;
const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port: sink.smtpPort, secure: false });

beforeEach(async () => {
  sink = await startMailSink({ smtpPort: 0, capacity: 3 });
});
afterEach(async () => {
  await sink.close();
});

describe('mail sink', () => {
  it('captures a mail sent over SMTP, parsed, with attachments', async () => {
    await transport().sendMail({
      from: 'Kundenservice <service@energie.example>',
      to: 'erika@example.org',
      subject: 'Ihre Auftragsbestätigung',
      text: 'Guten Tag',
      html: '<p>Guten Tag</p>',
      attachments: [{ filename: 'Auftragsbestätigung.pdf', content: Buffer.from('%PDF-1.4 test'), contentType: 'application/pdf' }],
    });
    const [m] = sink.list();
    expect(m).toMatchObject({
      from: 'service@energie.example',
      to: ['erika@example.org'],
      subject: 'Ihre Auftragsbestätigung',
      envelope: { from: 'service@energie.example', to: ['erika@example.org'] },
    });
    expect(m.text.trim()).toBe('Guten Tag');
    expect(m.html).toContain('<p>Guten Tag</p>');
    expect(m.attachments[0]).toMatchObject({ filename: 'Auftragsbestätigung.pdf', contentType: 'application/pdf', size: 13 });
    expect(m.attachments[0].content.toString()).toBe('%PDF-1.4 test');
  });

  it('keeps the newest mails up to its capacity', async () => {
    for (let i = 1; i <= 5; i++) await transport().sendMail({ from: 'a@x.example', to: 'b@x.example', subject: `Mail ${i}`, text: 'x' });
    expect(sink.list().map((m) => m.subject)).toEqual(['Mail 5', 'Mail 4', 'Mail 3']);
    sink.clear();
    expect(sink.list()).toEqual([]);
  });

  it('waits for a mail that arrives later, and times out otherwise', async () => {
    const waiting = sink.waitFor((m) => m.to.includes('late@example.org'), 5000);
    setTimeout(() => void transport().sendMail({ from: 'a@x.example', to: 'late@example.org', subject: 'spät', text: 'x' }), 50);
    expect((await waiting).subject).toBe('spät');
    await expect(sink.waitFor((m) => m.subject === 'never', 100)).rejects.toBeInstanceOf(MailWaitTimeoutError);
  });

  it('serves the web page, the JSON API and attachments through fastify', async () => {
    await transport().sendMail({
      from: 'a@x.example',
      to: 'b@x.example',
      subject: 'Erinnerung <wichtig>',
      text: 'Bitte ergänzen',
      attachments: [{ filename: 'Angebot.pdf', content: Buffer.from('%PDF-xyz'), contentType: 'application/pdf' }],
    });
    const app = Fastify();
    await app.register(mailSinkRoutes(sink));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const page = await fetch(`${base}/mail`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Erinnerung &lt;wichtig&gt;');
    const list = await (await fetch(`${base}/mail/api/messages`)).json();
    expect(list.count).toBe(1);
    const msg = list.messages[0];
    expect(msg.attachments[0]).toMatchObject({ filename: 'Angebot.pdf', size: 8 });
    expect((await (await fetch(`${base}/mail/api/messages/${msg.id}`)).json()).subject).toBe('Erinnerung <wichtig>');
    const att = await fetch(`${base}${msg.attachments[0].url}`);
    expect(att.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await att.arrayBuffer()).toString()).toBe('%PDF-xyz');
    expect((await fetch(`${base}/mail/api/messages/${msg.id}/attachments/9`)).status).toBe(404);
    expect((await fetch(`${base}/mail/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(sink.list()).toHaveLength(0);
    await app.close();
  });
});
