/**
 * Move (Umzug): supply ends at the old address on the move date and a new contract begins the day
 * after at the new address, for the same customer on the same contract account (process care-move;
 * domain/contracts/move). The old contract is billed through the move-out path.
 */
import { checkMove, newStartDate, type MoveRequest } from '../../../../domain/contracts/move';
import { defineCareKind } from './types';

export type MoveBody = MoveRequest & { contractId: string };

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const kwh = {
  type: 'object',
  additionalProperties: false,
  required: ['valueKwh'],
  properties: { valueKwh: { type: ['string', 'number'], description: 'Meter value, kWh ("12345.6")' } },
};

export const move = defineCareKind<MoveBody>({
  kind: 'move',
  processId: 'care-move',
  title: { de: 'Umzug', en: 'Move' },
  contract: 'required',
  portal: true,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['moveDate', 'newAddress', 'newMeterNumber'],
    properties: {
      moveDate: { ...date, description: 'Last day of supply at the old address; the new one is supplied from the day after' },
      newAddress: {
        type: 'object',
        additionalProperties: false,
        required: ['street', 'houseNumber', 'postalCode', 'city'],
        properties: {
          street: { type: 'string', minLength: 1, maxLength: 100 },
          houseNumber: { type: 'string', minLength: 1, maxLength: 10 },
          postalCode: { type: 'string', pattern: '^\\d{5}$' },
          city: { type: 'string', minLength: 1, maxLength: 100 },
        },
      },
      newMeterNumber: { type: 'string', pattern: '^[A-Za-z0-9-]{4,40}$', description: 'Meter at the new address' },
      reading: { ...kwh, description: 'The old meter on the move date' },
      newMeterReading: { ...kwh, description: 'The new meter at moving in' },
    },
  },
  async check(ctx, body) {
    await checkMove(ctx.db, ctx.contract!.id, body, ctx.today);
  },
  variables(_ctx, body) {
    return { moveDate: body.moveDate, billFrom: newStartDate(body.moveDate) };
  },
});
