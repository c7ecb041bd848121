/** XML fragments pain.008 and pain.001 share (ISO 20022 element order). */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { StructuredAddress } from './text';

/** The `Document` root element; its children inherit the default namespace. */
export function sepaDocument(namespace: string): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8' }).ele(namespace, 'Document');
}

export function serialize(root: XMLBuilder): string {
  return root.end({ prettyPrint: true, indent: '  ' });
}

/** PostalAddress24, structured only: GBIC_4 forbids AdrLine and the EPC drops it in Nov 2026. */
export function postalAddress(parent: XMLBuilder, a: StructuredAddress): void {
  const adr = parent.ele('PstlAdr');
  if (a.street) adr.ele('StrtNm').txt(a.street);
  if (a.buildingNumber) adr.ele('BldgNb').txt(a.buildingNumber);
  if (a.postCode) adr.ele('PstCd').txt(a.postCode);
  adr.ele('TwnNm').txt(a.townName);
  adr.ele('Ctry').txt(a.country);
}

export function party(parent: XMLBuilder, tag: string, name: string, address?: StructuredAddress): void {
  const p = parent.ele(tag);
  p.ele('Nm').txt(name);
  if (address) postalAddress(p, address);
}

export function account(parent: XMLBuilder, tag: string, iban: string): void {
  parent.ele(tag).ele('Id').ele('IBAN').txt(iban);
}

/** A bank by BIC, or NOTPROVIDED (IBAN-only, allowed within SEPA). */
export function agent(parent: XMLBuilder, tag: string, bic: string | undefined): void {
  const fin = parent.ele(tag).ele('FinInstnId');
  if (bic) fin.ele('BICFI').txt(bic);
  else fin.ele('Othr').ele('Id').txt('NOTPROVIDED');
}

export function amount(parent: XMLBuilder, tag: string, decimal: string): void {
  parent.ele(tag, { Ccy: 'EUR' }).txt(decimal);
}
