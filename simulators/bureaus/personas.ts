import { createHash } from 'node:crypto';

/** The three simulated bureaus; also the path prefix of each API. */
export const simulatedBureaus = ['schufa', 'infoscore', 'creditreform'] as const;
export type SimulatedBureau = (typeof simulatedBureaus)[number];

export type PersonaName = 'green' | 'yellow' | 'red' | 'fraud' | 'unknown' | 'unknown-at-schufa' | 'slow' | 'failing';

/**
 * The persona is chosen by the last name, so an order's test data alone decides what every
 * bureau answers. Names are compared without case and with umlauts folded (Grün = Gruen).
 * Any other last name is a green persona.
 */
export const personaByLastName: Readonly<Record<string, PersonaName>> = {
  gruen: 'green',
  gelb: 'yellow',
  rot: 'red',
  betrug: 'fraud',
  unbekannt: 'unknown',
  zugezogen: 'unknown-at-schufa',
  langsam: 'slow',
  fehler: 'failing',
};

/** What a bureau does for one request. */
export type Behaviour =
  | { kind: 'scored'; band: 'green' | 'yellow' | 'red'; position: number; fraud: boolean }
  | { kind: 'unknown' }
  | { kind: 'slow' }
  | { kind: 'failing' };

export interface SimPerson {
  firstName: string;
  lastName: string;
  birthDate: string;
}

export function foldName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

export function personaOf(lastName: string): PersonaName {
  return personaByLastName[foldName(lastName)] ?? 'green';
}

/** A stable number in [0, 1) per person, so scores vary between people but never between calls. */
function positionOf(p: SimPerson): number {
  const digest = createHash('sha256')
    .update(`${foldName(p.firstName)}|${foldName(p.lastName)}|${p.birthDate}`)
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

export function behaviourFor(bureau: SimulatedBureau, person: SimPerson): Behaviour {
  const position = positionOf(person);
  switch (personaOf(person.lastName)) {
    case 'green':
      return { kind: 'scored', band: 'green', position, fraud: false };
    case 'yellow':
      return { kind: 'scored', band: 'yellow', position, fraud: false };
    case 'red':
      return { kind: 'scored', band: 'red', position, fraud: false };
    // A plausible score: the fraud flag alone must reject.
    case 'fraud':
      return { kind: 'scored', band: 'green', position, fraud: true };
    case 'unknown':
      return { kind: 'unknown' };
    case 'unknown-at-schufa':
      return bureau === 'schufa' ? { kind: 'unknown' } : { kind: 'scored', band: 'green', position, fraud: false };
    case 'slow':
      return { kind: 'slow' };
    case 'failing':
      return { kind: 'failing' };
  }
}

/** Linear interpolation inside a band: position 0 → from, position 1 → to. */
export function within(from: number, to: number, position: number, decimals = 0): number {
  const f = 10 ** decimals;
  return Math.round((from + (to - from) * position) * f) / f;
}
