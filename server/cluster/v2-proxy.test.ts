import { forwardedPath, restBaseOf } from './v2-proxy';

describe('the /v2 proxy forwards only the path the role check saw', () => {
  it('keeps plain /v2 paths, encoded segment by segment', () => {
    expect(forwardedPath('/v2/process-instances/search')).toBe('/v2/process-instances/search');
    expect(forwardedPath('/v2/user-tasks/2251799813685249/completion?x=1')).toBe('/v2/user-tasks/2251799813685249/completion');
    expect(forwardedPath('/v2/resources/a%20b/deletion')).toBe('/v2/resources/a%20b/deletion');
  });

  it('refuses dot segments, empty segments, backslashes, other roots and bad encodings', () => {
    for (const url of [
      '/v2/../actuator',
      '/v2/%2e%2e/actuator',
      '/v2//topology',
      '/v2/a%5c..',
      '/v2',
      '/api/x',
      '/v2/%E0%A4%A',
      '/v2/./topology',
    ])
      expect(forwardedPath(url)).toBeUndefined();
  });

  it('takes the REST address with or without /v2', () => {
    expect(restBaseOf('http://orchestration:8080/')).toBe('http://orchestration:8080');
    expect(restBaseOf('http://orchestration:8080/v2')).toBe('http://orchestration:8080');
  });
});
