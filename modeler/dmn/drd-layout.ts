/**
 * The product's DMN files are written without a diagram (DMNDI); dmn-js then has no DRD to show.
 * Put each decision and input in a row so the DRD view exists and stays editable.
 */
const DMNDI = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';
const DC = 'http://www.omg.org/spec/DMN/20180521/DC/';

export function addDrdLayout(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const root = doc.documentElement;
  if (root.getElementsByTagNameNS(DMNDI, 'DMNDI').length > 0 || doc.getElementsByTagName('parsererror').length > 0) return xml;
  const ns = root.namespaceURI;
  const shapes = Array.from(root.children).filter(
    (c) => c.namespaceURI === ns && ['decision', 'inputData', 'knowledgeSource', 'businessKnowledgeModel'].includes(c.localName),
  );
  const dmndi = doc.createElementNS(DMNDI, 'dmndi:DMNDI');
  const diagram = dmndi.appendChild(doc.createElementNS(DMNDI, 'dmndi:DMNDiagram'));
  diagram.setAttribute('id', 'DMNDiagram_1');
  shapes.forEach((el, i) => {
    const shape = diagram.appendChild(doc.createElementNS(DMNDI, 'dmndi:DMNShape'));
    shape.setAttribute('id', `${el.getAttribute('id')}_di`);
    shape.setAttribute('dmnElementRef', el.getAttribute('id') ?? '');
    const bounds = shape.appendChild(doc.createElementNS(DC, 'dc:Bounds'));
    const input = el.localName === 'inputData';
    Object.entries({ x: 160 + i * 240, y: input ? 300 : 100, width: input ? 125 : 180, height: input ? 45 : 80 }).forEach(([k, v]) =>
      bounds.setAttribute(k, String(v)),
    );
  });
  root.appendChild(dmndi);
  return new XMLSerializer().serializeToString(doc);
}
