import path from 'node:path';
import { assertValidXml, schemaPath, SCHEMA_DIR, SCHEMAS, validateXml, XsdValidationError } from './xsd';

// The official XSDs are not part of the repository (see domain/payments/schemas/ORIGIN.md); without them this is skipped, visibly.
const describeWithSchemas = schemaPath(SCHEMAS.pain008) ? describe : describe.skip;

describeWithSchemas('validateXml', () => {
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
    expect(() => validateXml('<x/>', 'nope.xsd')).toThrow(/not available/);
  });
});
