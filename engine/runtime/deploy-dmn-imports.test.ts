/**
 * DMN imports between the DMN files of one deployment (DMN 1.3 §6.3.3): the importing file may
 * come first; an import of a namespace the deployment lacks is rejected with dmn-scala's message.
 */
import { evaluateDecision, type DmnModel } from '../dmn';
import { prepareDeployment } from './deploy';

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const file = (name: string, xml: string) => ({ name, content: Buffer.from(xml, 'utf8') });

const IMPORTED = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${DMN13}" id="rates" name="rates" namespace="urn:rates">
  <decision id="vat" name="VAT rate"><variable name="VAT rate" typeRef="number"/><literalExpression><text>0.19</text></literalExpression></decision>
</definitions>`;

const IMPORTING = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${DMN13}" id="invoice" name="invoice" namespace="urn:invoice">
  <import namespace="urn:rates" name="rates" importType="${DMN13}"/>
  <decision id="gross" name="gross"><variable name="gross" typeRef="number"/>
    <informationRequirement><requiredDecision href="urn:rates#vat"/></informationRequirement>
    <literalExpression><text>net * (1 + rates.VAT rate)</text></literalExpression></decision>
</definitions>`;

describe('DMN imports in a deployment', () => {
  it('resolves an import to a DMN file of the same deployment, whatever their order', async () => {
    const prepared = await prepareDeployment([file('invoice.dmn', IMPORTING), file('rates.dmn', IMPORTED)]);
    expect(prepared.map((p) => p.name)).toEqual(['invoice.dmn', 'rates.dmn']);
    const invoice = prepared[0];
    if (invoice.kind !== 'dmn') throw new Error('expected a DMN resource');
    expect(evaluateDecision(invoice.model as DmnModel, 'gross', { net: 100 }).decisionOutput).toBe('119');
  });

  it('rejects an import the deployment does not contain', async () => {
    await expect(prepareDeployment([file('invoice.dmn', IMPORTING)])).rejects.toThrow("No import found for namespace 'urn:rates'.");
  });
});
