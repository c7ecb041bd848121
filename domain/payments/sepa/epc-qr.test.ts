import QRCode from 'qrcode';
import { EPC_QR_MAX_BYTES, EpcQrError, epcQrDataUrl, epcQrPayload, epcQrSvg } from './epc-qr';

const base = { name: 'Stadtwerke Musterstadt GmbH', iban: 'DE89 3704 0044 0532 0130 00', amountCents: 12_345 };

describe('EPC QR payload', () => {
  test('line layout with BIC and RF reference', () => {
    expect(epcQrPayload({ ...base, bic: 'cobadeffxxx', reference: 'RF18 5390 0754 7034' }).split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'COBADEFFXXX',
      'Stadtwerke Musterstadt GmbH',
      'DE89370400440532013000',
      'EUR123.45',
      '',
      'RF18539007547034',
    ]);
  });

  test('no BIC (version 002), unstructured text on line 11', () => {
    expect(epcQrPayload({ ...base, amountCents: 5, text: 'Rechnung 2026-0042 Müller' })).toBe(
      'BCD\n002\n1\nSCT\n\nStadtwerke Musterstadt GmbH\nDE89370400440532013000\nEUR0.05\n\n\nRechnung 2026-0042 Müller',
    );
  });

  test('reference and text: text becomes the note to the payer on line 12', () => {
    const lines = epcQrPayload({ ...base, reference: 'RF18539007547034', text: 'Danke!' }).split('\n');
    expect(lines).toHaveLength(12);
    expect(lines.slice(9)).toEqual(['RF18539007547034', '', 'Danke!']);
  });

  test('line breaks inside a field cannot shift the layout', () => {
    expect(epcQrPayload({ ...base, text: 'a\nb\r\nc' }).split('\n')).toHaveLength(11);
  });

  test('331-byte limit counts UTF-8 bytes', () => {
    // 70 + 140 characters fit the field limits, but umlauts take two bytes each.
    const ok = epcQrPayload({ ...base, name: 'N'.repeat(70), text: 'T'.repeat(140), bic: 'COBADEFFXXX' });
    expect(Buffer.byteLength(ok)).toBeLessThanOrEqual(EPC_QR_MAX_BYTES);
    expect(() => epcQrPayload({ ...base, name: 'Ä'.repeat(70), text: 'ß'.repeat(140) })).toThrow(/more than the EPC limit of 331/);
  });

  test.each<[string, object, string]>([
    ['name', { name: ' ' }, 'name'],
    ['long name', { name: 'x'.repeat(71) }, 'name'],
    ['IBAN', { iban: 'DE89370400440532013001' }, 'iban'],
    ['BIC', { bic: 'NOPE' }, 'bic'],
    ['zero', { amountCents: 0 }, 'amountCents'],
    ['float', { amountCents: 1.5 }, 'amountCents'],
    ['too much', { amountCents: 100_000_000_000 }, 'amountCents'],
    ['reference', { reference: 'RF19539007547034' }, 'reference'],
    ['long text', { text: 'x'.repeat(141) }, 'text'],
  ])('rejects bad %s', (_label, over, field) => {
    expect(() => epcQrPayload({ ...base, ...over })).toThrow(EpcQrError);
    try {
      epcQrPayload({ ...base, ...over });
    } catch (err) {
      expect((err as EpcQrError).field).toBe(field);
    }
  });
});

describe('EPC QR rendering', () => {
  test('SVG and PNG data URL', async () => {
    const payload = epcQrPayload({ ...base, reference: 'RF18539007547034' });
    const svg = await epcQrSvg(payload);
    expect(svg).toMatch(/^<svg[^>]*viewBox/);
    expect(await epcQrDataUrl(payload)).toMatch(/^data:image\/png;base64,/);
  });

  test('a payload of exactly 331 bytes renders at QR version 13 or below (level M)', async () => {
    const input = { ...base, name: 'N'.repeat(70), bic: 'COBADEFFXXX', text: 'T'.repeat(140) };
    // Swap one-byte for two-byte characters until the limit is reached exactly.
    const room = EPC_QR_MAX_BYTES - Buffer.byteLength(epcQrPayload(input));
    const payload = epcQrPayload({ ...input, text: 'ü'.repeat(room) + 'T'.repeat(140 - room) });
    expect(Buffer.byteLength(payload)).toBe(EPC_QR_MAX_BYTES);
    expect(QRCode.create(payload, { errorCorrectionLevel: 'M' }).version).toBeLessThanOrEqual(13);
    expect(await epcQrSvg(payload)).toContain('<path');
  });
});
