import { InvalidArgumentError } from '../errors';
import { likePattern } from './filters';
import { resolvePage } from './search';
import { elementNames, scanXml, startForm } from './xml-scan';

describe('likePattern', () => {
  it.each([
    ['*Müller*', '%Müller%'],
    ['A-?', 'A-_'],
    ['100%_sure', '100\\%\\_sure'],
    ['literal \\* and \\?', 'literal * and ?'],
    ['back\\\\slash', 'back\\\\slash'],
    ['trailing\\', 'trailing\\\\'],
  ])('%s → %s', (input, expected) => {
    expect(likePattern(input)).toBe(expected);
  });
});

describe('resolvePage', () => {
  it('defaults to the first 100', () => {
    expect(resolvePage(undefined)).toEqual({ offset: 0, limit: 100 });
    expect(resolvePage({ from: 20, limit: 10 })).toEqual({ offset: 20, limit: 10 });
  });

  it('follows cursors forward and backward', () => {
    const cursor = (o: number) => Buffer.from(JSON.stringify({ o })).toString('base64url');
    expect(resolvePage({ after: cursor(9), limit: 10 })).toEqual({ offset: 10, limit: 10 });
    expect(resolvePage({ before: cursor(10), limit: 10 })).toEqual({ offset: 0, limit: 10 });
    expect(resolvePage({ before: cursor(3), limit: 10 })).toEqual({ offset: 0, limit: 3 });
  });

  it('rejects mixed or broken paging', () => {
    expect(() => resolvePage({ from: 0, after: 'x' })).toThrow(InvalidArgumentError);
    expect(() => resolvePage({ after: 'not-a-cursor' })).toThrow(InvalidArgumentError);
    expect(() => resolvePage({ limit: 10001 })).toThrow(InvalidArgumentError);
  });
});

describe('xml scanning', () => {
  const xml = `<?xml version="1.0"?>
<!-- <bpmn:task id="x" name="commented out" /> -->
<bpmn:definitions xmlns:bpmn="b" xmlns:zeebe="z">
  <bpmn:process id="p" name="P &amp; Co">
    <bpmn:startEvent id="s" name='Start "here"'>
      <bpmn:extensionElements><zeebe:formDefinition formId="start-form" /></bpmn:extensionElements>
    </bpmn:startEvent>
    <bpmn:task id="t" name="Line&#10;break"><bpmn:documentation><![CDATA[<bpmn:task id="y" name="in cdata"/>]]></bpmn:documentation></bpmn:task>
    <bpmn:subProcess id="sub"><bpmn:startEvent id="inner"><bpmn:extensionElements><zeebe:formDefinition formId="nested" /></bpmn:extensionElements></bpmn:startEvent></bpmn:subProcess>
  </bpmn:process>
</bpmn:definitions>`;

  it('builds the element tree without comments and CDATA', () => {
    const root = scanXml(xml);
    expect(root?.name).toBe('definitions');
    expect(root?.children[0].children.map((c) => c.attrs.id)).toEqual(['s', 't', 'sub']);
  });

  it('maps element ids to decoded names', () => {
    expect(Object.fromEntries(elementNames(xml))).toEqual({ p: 'P & Co', s: 'Start "here"', t: 'Line\nbreak' });
  });

  it('finds the form of the top-level start event only', () => {
    expect(startForm(xml, 'p')).toEqual({ formId: 'start-form' });
    expect(startForm(xml, 'other')).toBeUndefined();
  });
});
