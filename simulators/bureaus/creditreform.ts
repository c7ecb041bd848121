import { reportId, type SimulatedBureauApi } from './api';
import { xml } from './http';
import { within } from './personas';
import { attribute, elementText, escapeXml } from './xml';

/**
 * Creditreform Boniversum-style XML interface with two products: BONIMA verifies the address,
 * VERITA the name and the address. The score is an index where 100 is best and 600 is
 * insolvent. POST /boniversum/v1/{bonima|verita}.
 */
const products: Record<string, 'BONIMA' | 'VERITA'> = { '/boniversum/v1/bonima': 'BONIMA', '/boniversum/v1/verita': 'VERITA' };

function fault(status: number, code: string, text: string) {
  return xml(
    status,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Fault><FaultCode>${code}</FaultCode><FaultString>${escapeXml(text)}</FaultString></Fault>`,
  );
}

export const creditreformApi: SimulatedBureauApi = {
  name: 'creditreform',

  parse(method, path, body) {
    const product = products[path];
    if (method !== 'POST' || !product) return fault(404, 'Client.UnknownOperation', `no operation ${method} ${path}`);
    const first = elementText(body, 'FirstName');
    const last = elementText(body, 'LastName');
    const birth = elementText(body, 'BirthDate');
    if (!first || !last || !birth || !elementText(body, 'ZipCode'))
      return fault(400, 'Client.Validation', 'FirstName, LastName, BirthDate and ZipCode are required');
    if (attribute(body, 'BoniversumRequest', 'product') !== product)
      return fault(400, 'Client.Validation', 'product attribute does not match the operation');
    return {
      person: { firstName: first, lastName: last, birthDate: birth },
      reference: elementText(body, 'CustomerReference') ?? '',
      product,
    };
  },

  answer(request, b) {
    if (b.kind === 'failing') return fault(503, 'Server.Unavailable', 'Backend system not reachable');
    const head = `<TransactionId>${reportId('CEG')}</TransactionId>\n  <CustomerReference>${escapeXml(request.reference)}</CustomerReference>`;
    const open = `<?xml version="1.0" encoding="UTF-8"?>\n<BoniversumResponse product="${request.product}">\n  ${head}`;
    if (b.kind === 'unknown') {
      return xml(
        200,
        `${open}\n  <ResponseCode>NO_HIT</ResponseCode>\n  <AddressVerification>UNKNOWN</AddressVerification>\n</BoniversumResponse>\n`,
      );
    }
    const index =
      b.band === 'green' ? within(110, 270, b.position) : b.band === 'yellow' ? within(405, 470, b.position) : within(485, 590, b.position);
    const nameCheck =
      request.product === 'VERITA' ? `\n  <NameVerification>${b.fraud ? 'NOT_CONFIRMED' : 'CONFIRMED'}</NameVerification>` : '';
    return xml(
      200,
      `${open}
  <ResponseCode>HIT</ResponseCode>
  <ScoreIndex>${index}</ScoreIndex>
  <AddressVerification>CONFIRMED</AddressVerification>${nameCheck}
  <FraudIndicator>${b.fraud ? 'true' : 'false'}</FraudIndicator>
</BoniversumResponse>
`,
    );
  },

  unavailable: () => fault(503, 'Server.Maintenance', 'Service wegen Wartung nicht verfügbar'),
};
