import type { Behaviour, SimPerson, SimulatedBureau } from './personas';
import type { SimResponse } from './http';

/** A parsed request: the person asked about, and what the answer needs to echo. */
export interface ParsedRequest {
  person: SimPerson;
  reference: string;
  product?: string;
}

/** One simulated bureau's wire format. Slow personas are delayed by the server, then answered green. */
export interface SimulatedBureauApi {
  name: SimulatedBureau;
  /** A parsed request, or the bureau's own error answer for a bad one. */
  parse(method: string, path: string, body: string): ParsedRequest | SimResponse;
  answer(request: ParsedRequest, behaviour: Exclude<Behaviour, { kind: 'slow' }>): SimResponse;
  /** The answer while the bureau is switched off. */
  unavailable(): SimResponse;
}

export function isResponse(x: ParsedRequest | SimResponse): x is SimResponse {
  return 'status' in x;
}

let counter = 0;
/** Report ids look like a bureau's; unique within a run. */
export function reportId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36).toUpperCase()}-${counter.toString().padStart(6, '0')}`;
}
