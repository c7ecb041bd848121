/** Who may use the document store (/v2/documents): customer matters, so not analysts; deletion by admin and system. */
import type { Role } from './roles';
import { accessFor, allows } from './rules';

const who = (method: string, url: string) =>
  (['analyst', 'caseworker', 'admin', 'system'] as Role[]).filter((r) => allows(accessFor(method, url)!, [r]));

describe('access rules of /v2/documents', () => {
  it('upload, batch, download and links: case workers, admins and the system', () => {
    for (const [method, url] of [
      ['POST', '/v2/documents'],
      ['POST', '/v2/documents?storeId=local'],
      ['POST', '/v2/documents/batch'],
      ['GET', '/v2/documents/5f1c?contentHash=ab'],
      ['HEAD', '/v2/documents/5f1c'],
      ['POST', '/v2/documents/5f1c/links'],
    ])
      expect(who(method, url)).toEqual(['caseworker', 'admin', 'system']);
  });

  it('deletion: admins and the system', () => {
    expect(who('DELETE', '/v2/documents/5f1c')).toEqual(['admin', 'system']);
  });

  it('leaves the other /v2 rules as they were', () => {
    expect(who('GET', '/v2/process-definitions/1/xml')).toEqual(['analyst', 'caseworker', 'admin', 'system']);
    expect(who('PUT', '/v2/documents/5f1c')).toEqual(['admin']);
  });
});
