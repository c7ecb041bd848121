/**
 * German texts for the portal's problems: each `details` entry gets a `messageDe` beside the English
 * `message` the API speaks everywhere (schema errors, the care core's and the kinds' checks), so the
 * page can put a German sentence next to the field. A kind that already speaks German keeps its words.
 */
const looksGerman = (s: string) => /[äöüßÄÖÜ]|\b(Bitte|nicht|der|die|das|ist|kein|keine|Sie|Ihr|Ihre|nur|oder)\b/.test(s);

export function germanMessage(message: string, maxBytes: number, status: number): string {
  let m: RegExpExecArray | null;
  if (looksGerman(message)) return message;
  if (message === 'is required') return 'Bitte füllen Sie dieses Feld aus.';
  if (message === 'is not a known property') return 'Dieses Feld gehört nicht zu diesem Anliegen.';
  if (/^must be one of/.test(message)) return 'Bitte wählen Sie einen der angebotenen Werte.';
  if (/format "date"/.test(message)) return 'Bitte geben Sie ein gültiges Datum an.';
  if (/format "email"/.test(message) || /pattern "\^\[\^\\s@\]/.test(message)) return 'Bitte geben Sie eine gültige E-Mail-Adresse an.';
  if ((m = /must be >=? (-?[\d.]+)/.exec(message))) return `Der Wert muss mindestens ${m[1].replace('.', ',')} sein.`;
  if ((m = /must be <=? (-?[\d.]+)/.exec(message))) return `Der Wert darf höchstens ${m[1].replace('.', ',')} sein.`;
  if ((m = /must NOT have fewer than (\d+) characters/.exec(message))) return `Bitte geben Sie mindestens ${m[1]} Zeichen an.`;
  if ((m = /must NOT have more than (\d+) characters/.exec(message))) return `Bitte geben Sie höchstens ${m[1]} Zeichen an.`;
  if (/must match (pattern|format)/.test(message)) return 'Das Format stimmt nicht. Bitte prüfen Sie Ihre Angabe.';
  if (/must be (string|number|integer|boolean|object|array)/.test(message)) return 'Bitte geben Sie einen gültigen Wert an.';
  if (/file is empty/i.test(message)) return 'Die Datei ist leer. Bitte wählen Sie ein Foto.';
  if (/larger than/i.test(message))
    return `Das Foto ist zu groß. Erlaubt sind höchstens ${(maxBytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB.`;
  if (/not an image|neither an image|raw request body/i.test(message))
    return 'Diese Datei ist kein Foto. Bitte wählen Sie ein Bild im Format JPEG, PNG, WebP oder HEIC.';
  if (/not a contract of this customer/.test(message)) return 'Bitte wählen Sie einen Ihrer Verträge.';
  if (/not a photo uploaded/.test(message)) return 'Bitte laden Sie das Foto noch einmal hoch.';
  if (/not a request offered|not offered in self-service|not a care kind/.test(message))
    return 'Dieses Anliegen ist im Kundenportal nicht möglich.';
  return status === 422 ? `Das ist leider nicht möglich (${message}).` : `Bitte prüfen Sie diese Angabe (${message}).`;
}

/** The problem+json text with `messageDe` on every detail. */
export function germanDetails(payload: string, maxBytes: number): string {
  try {
    const p = JSON.parse(payload) as { status?: number; details?: Array<{ field: string; message: string; messageDe?: string }> };
    if (!Array.isArray(p.details)) return payload;
    for (const d of p.details) d.messageDe ??= germanMessage(String(d.message ?? ''), maxBytes, p.status ?? 400);
    return JSON.stringify(p);
  } catch {
    return payload;
  }
}
