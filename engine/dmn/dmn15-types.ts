/**
 * The boxed expressions DMN 1.4 and 1.5 added (conditional, filter, for, some, every), as types in
 * dmn-moddle's DMN 1.3 package, so that a DMN 1.5 file read as 1.3 keeps them.
 */
import dmn13 from 'dmn-moddle/resources/dmn/json/dmn13.json';

const child = (name: string, type = 'ChildExpression'): Record<string, unknown> => ({ name, type });

const ADDED_TYPES = [
  { name: 'ChildExpression', superClass: ['DMNElement'], properties: [{ name: 'value', type: 'Expression' }] },
  {
    name: 'TypedChildExpression',
    superClass: ['ChildExpression'],
    properties: [{ name: 'typeRef', isAttr: true, type: 'String' }],
  },
  { name: 'Conditional', superClass: ['Expression'], properties: [child('if'), child('then'), child('else')] },
  { name: 'Filter', superClass: ['Expression'], properties: [child('in'), child('match')] },
  {
    name: 'Iterator',
    isAbstract: true,
    superClass: ['Expression'],
    properties: [child('in', 'TypedChildExpression'), { name: 'iteratorVariable', isAttr: true, type: 'String' }],
  },
  { name: 'For', superClass: ['Iterator'], properties: [child('return')] },
  { name: 'Quantified', isAbstract: true, superClass: ['Iterator'], properties: [child('satisfies')] },
  { name: 'Some', superClass: ['Quantified'] },
  { name: 'Every', superClass: ['Quantified'] },
];

/** dmn-moddle's `dmn` package with the DMN 1.4/1.5 boxed expressions. */
export const dmnPackage = { ...dmn13, types: [...dmn13.types, ...ADDED_TYPES] };
