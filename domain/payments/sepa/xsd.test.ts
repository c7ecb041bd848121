import path from 'node:path';
import { assertValidXml, SCHEMA_DIR, SCHEMAS, validateXml, XsdValidationError } from './xsd';

describe('validateXml', () => {
  test.each(Object.entries(SCHEMAS))('schema %s compiles and rejects a foreign root', (_key, file) => {
    const errors = validateXml('<Document xmlns="urn:example"/>', file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/No matching global declaration/);
  });

  test('accepts an absolute path and reports well-formedness errors', () => {
    expect(validateXml('<a><b></a>', path.join(SCHEMA_DIR, SCHEMAS.pain001))[0]).toMatch(/^not well-formed/);
  });

  test('assertValidXml throws with the errors', () => {
    expect(() => assertValidXml('<x/>', SCHEMAS.pain008)).toThrow(XsdValidationError);
  });

  test('a missing schema file is an exception, not a validation result', () => {
    expect(() => validateXml('<x/>', 'nope.xsd')).toThrow(/XSD validation failed/);
  });
});
