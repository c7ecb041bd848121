/**
 * The server-rendered pages of the portal's sign-in (the portal itself is the esbuild app in
 * portal/): the refused link with a form to request a new one, and the sign-in mail's text. Pages
 * in the customer pages' design and script (server/api/customer-pages.ts): under the strict CSP,
 * German, the form posted as JSON with its errors beside the field.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import company from '../../templates/company.json';
import { customerPage, escapeHtml, formField } from '../api/customer-pages';

export const PORTAL_PATH = '/portal';

const REASON_TEXT = {
  unknown: 'Dieser Anmeldelink ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig aus der E-Mail übernommen haben.',
  expired: 'Dieser Anmeldelink ist abgelaufen. Aus Sicherheitsgründen gilt jeder Link nur kurze Zeit.',
  used: 'Dieser Anmeldelink wurde schon benutzt. Aus Sicherheitsgründen gilt jeder Link nur einmal.',
  throttled: 'Zu viele Versuche von diesem Gerät. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
} as const;

/** The page of a valid link: one button signs in (the token is used only then). */
export function confirmSignInPage(token: string): string {
  return customerPage(
    'Anmelden im Kundenportal',
    `<p>Ihr Anmeldelink ist gültig. Mit dem Knopf melden Sie sich an; der Link gilt danach nicht mehr.</p>
<form method="post" action="${PORTAL_PATH}/sign-in" class="confirm-sign-in">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Jetzt anmelden</button>
</form>`,
  );
}

/** The page of a link that does not sign in: why, and a form for a new link (or the way to the portal). */
export function refusedLinkPage(reason: keyof typeof REASON_TEXT): string {
  const title =
    reason === 'expired' ? 'Anmeldelink abgelaufen' : reason === 'used' ? 'Anmeldelink schon benutzt' : 'Anmeldung nicht möglich';
  return customerPage(
    title,
    `<div class="notice" role="alert"><p>${escapeHtml(REASON_TEXT[reason])}</p></div>
<h2>Neuen Anmeldelink anfordern</h2>
<form data-action="/api/portal/sign-in" data-done="Wenn wir Ihre E-Mail-Adresse kennen, ist ein neuer Anmeldelink unterwegs. Bitte sehen Sie in Ihr Postfach." novalidate>
<div class="errors" role="alert" tabindex="-1" hidden></div>
${formField({
  name: 'email',
  label: 'Ihre E-Mail-Adresse',
  hint: 'Die Adresse, unter der wir Ihnen schreiben. Wir schicken Ihnen einen neuen Link, der einmal gilt.',
  required: true,
  autocomplete: 'email',
  inputmode: 'email',
  missing: 'Bitte geben Sie Ihre E-Mail-Adresse an.',
})}
<button type="submit">Neuen Anmeldelink anfordern</button>
<p class="form-msg" role="status"></p>
</form>
<p><a href="${PORTAL_PATH}">Zum Kundenportal</a></p>`,
  );
}

export interface SignInMailData {
  name: string;
  customerNumber: string;
  link: string;
  portalUrl: string;
  ttlMinutes: number;
  validUntil: string;
}

let compiled: Handlebars.TemplateDelegate | undefined;

/** The sign-in mail (templates/mails/portal-sign-in.hbs, "Betreff: …" first). */
export function signInMail(data: SignInMailData): { subject: string; text: string } {
  compiled ??= Handlebars.create().compile(fs.readFileSync(path.resolve(__dirname, '../../templates/mails/portal-sign-in.hbs'), 'utf8'), {
    noEscape: true,
    strict: false,
  });
  const out = compiled({ ...data, company });
  const m = /^Betreff: (.*)\r?\n\r?\n([\s\S]*)$/.exec(out)!;
  return { subject: m[1].trim(), text: m[2] };
}
