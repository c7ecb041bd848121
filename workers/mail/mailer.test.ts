import { loadSettings } from '../../config/settings';
import { databaseVariants, type TestDatabase } from '../../db/testing';
import { startMailSink, type MailSink } from '../../simulators/mailsink';
import { createPdfRenderer, createTemplateRenderer } from '../documents';
import { sampleConfirmation } from '../documents/fixtures';
import { pdfText } from '../documents/pdfText';
import { createMailer, MailDeliveryError, MailInProgressError, type Mailer } from './mailer';

const from = 'Kundenservice <service@energie.example>';
const mail = { to: 'erika@example.org', subject: 'Ihre Auftragsbestätigung', text: 'Guten Tag' };

describe.each(databaseVariants())('sendOnce on $name', (variant) => {
  let t: TestDatabase;
  let sink: MailSink;
  let mailer: Mailer;

  beforeAll(async () => {
    t = await variant.open();
    sink = await startMailSink({ smtpPort: 0 });
    mailer = createMailer({ smtpHost: '127.0.0.1', smtpPort: sink.smtpPort, from });
  });
  afterAll(async () => {
    mailer?.close();
    await sink?.close();
    await t?.dispose();
  });
  beforeEach(() => sink.clear());

  it('sends once however often the job is retried', async () => {
    const first = await mailer.sendOnce(t.db, 'order:1:confirmation', mail);
    const second = await mailer.sendOnce(t.db, 'order:1:confirmation', mail);
    expect(first.alreadySent).toBe(false);
    expect(second).toEqual({ messageId: first.messageId, alreadySent: true });
    expect(sink.list()).toHaveLength(1);
    expect(sink.list()[0].messageId).toBe(first.messageId);
    expect(await t.db('outbound_mails').where({ business_key: 'order:1:confirmation' }).first()).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
  });

  it('lets concurrent attempts send only one mail', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => mailer.sendOnce(t.db, 'order:2:confirmation', mail)));
    const sent = results.filter((r) => r.status === 'fulfilled' && !r.value.alreadySent);
    expect(sent).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(MailInProgressError);
    expect(sink.list()).toHaveLength(1);
  });

  it('marks a failed delivery and sends on the next attempt', async () => {
    const broken = createMailer({ smtpHost: '127.0.0.1', smtpPort: 1, from });
    await expect(broken.sendOnce(t.db, 'order:3:dnb-request', mail)).rejects.toBeInstanceOf(MailDeliveryError);
    broken.close();
    expect(await t.db('outbound_mails').where({ business_key: 'order:3:dnb-request' }).first()).toMatchObject({ status: 'failed' });
    await expect(mailer.sendOnce(t.db, 'order:3:dnb-request', mail)).resolves.toMatchObject({ alreadySent: false });
    expect(await t.db('outbound_mails').where({ business_key: 'order:3:dnb-request' }).first()).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    expect(sink.list()).toHaveLength(1);
  });

  it('takes over a claim left by a crashed attempt after the claim timeout', async () => {
    await t.db('outbound_mails').insert({
      business_key: 'order:4:reminder',
      message_id: '<x@y>',
      status: 'sending',
      to_address: mail.to,
      subject: mail.subject,
      attempts: 1,
      claimed_at: new Date(Date.now() - 3_600_000),
    });
    await expect(mailer.sendOnce(t.db, 'order:4:reminder', mail)).resolves.toMatchObject({ alreadySent: false });
    expect(sink.list()).toHaveLength(1);
  });
});

describe('a letter through real SMTP', () => {
  it('renders the confirmation, mails it as attachment, and the sink holds the same PDF', async () => {
    const sink = await startMailSink({ smtpPort: 0 });
    const mailer = createMailer({ smtpHost: '127.0.0.1', smtpPort: sink.smtpPort, from });
    const renderer = await createPdfRenderer({ chromiumPath: loadSettings().chromiumPath, poolSize: 1 });
    try {
      const templates = createTemplateRenderer();
      const pdf = await renderer.render(templates.letter('order-confirmation', sampleConfirmation));
      const text = templates.mail('order-confirmation', { ...sampleConfirmation, recipient: { name: 'Erika Mustermann' } });
      await mailer.send({
        to: 'erika@example.org',
        ...text,
        attachments: [{ filename: 'Auftragsbestaetigung.pdf', content: pdf, contentType: 'application/pdf' }],
      });
      const got = await sink.waitFor((m) => m.to.includes('erika@example.org'));
      expect(got.subject).toBe('Ihre Auftragsbestätigung – Vertrag V-2026-000077');
      expect(got.text).toContain('Kundennummer: 1000123');
      expect(got.attachments[0].content.equals(pdf)).toBe(true);
      expect(await pdfText(got.attachments[0].content)).toContain('Auftragsbestätigung zu Ihrem Energieliefervertrag');
    } finally {
      await renderer.close();
      mailer.close();
      await sink.close();
    }
  });
});
