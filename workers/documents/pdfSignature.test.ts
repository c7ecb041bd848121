import { PDFDocument, StandardFonts } from 'pdf-lib';
import { padesSubFilter, signPdf } from './pdfSignature';
import { selfSignedP12, verifyPdfSignature as verify } from './pdfSignatureTesting';

async function samplePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText('Jahresabrechnung R-2026-000101', { font: await doc.embedFont(StandardFonts.Helvetica), x: 50, y: 700 });
  return Buffer.from(await doc.save());
}

describe('PAdES signature of a bill PDF', () => {
  const { p12, cert } = selfSignedP12('geheim');

  it('signs with SubFilter ETSI.CAdES.detached, and the CMS signature verifies over the byte ranges', async () => {
    const signed = await signPdf(await samplePdf(), {
      p12,
      passphrase: 'geheim',
      name: 'Rheinstrom Energie GmbH',
      reason: 'Rechnung',
      location: 'Köln',
    });
    const text = signed.toString('latin1');
    expect(text).toContain('/ByteRange');
    expect(text).toMatch(/\/Contents\s*<[0-9a-fA-F]+>/);
    expect(text).toContain(`/SubFilter /${padesSubFilter}`);
    expect(verify(signed, cert)).toEqual({ digestMatches: true, signatureValid: true });

    // One changed byte inside the signed ranges breaks it.
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('/Type /Page');
    expect(at).toBeGreaterThan(0);
    tampered[at + 7] = 'X'.charCodeAt(0);
    expect(verify(tampered, cert).digestMatches).toBe(false);
  });

  it('refuses a wrong passphrase', async () => {
    await expect(signPdf(await samplePdf(), { p12, passphrase: 'falsch', name: 'x' })).rejects.toThrow();
  });
});
