/**
 * The product's HTTP surface for security tests: the whole route table (engine /v2, product API,
 * mail sink, web pages) on a free port, without workers or simulators, and the principals a
 * request can carry.
 */
import net from 'node:net';
import { loadSettings, type Settings } from '../../config/settings';
import { routeTable, type RouteEntry } from '../../server/routes';
import { startSystem, type System } from '../../server/system';
import { SYSTEM_API_KEY, signIn } from '../auth';

export async function startSecuritySystem(overrides: Partial<Settings> = {}): Promise<System> {
  return startSystem(
    loadSettings(
      {},
      {
        httpPort: 0,
        engineGrpcPort: 0,
        // 0: the sink picks a free port (a port picked beforehand can be taken by a parallel test file).
        smtpPort: 0,
        dataDir: 'memory://',
        workersEnabled: false,
        bureauSimulatorEnabled: false,
        // A picked port: test files run in parallel, each with its own system.
        paymentProviderSimulatorPort: 0,
        deployProcessesAtStart: false,
        engineClockControlled: true,
        logLevel: 'silent',
        ...overrides,
      },
    ),
    () => {},
  );
}

export interface Caller {
  name: string;
  roles: string[];
  headers: Record<string, string>;
}

/** Anonymous, each development user with a session (and CSRF token), and the system API key. */
export async function callers(system: System): Promise<Caller[]> {
  const out: Caller[] = [{ name: 'anonymous', roles: [], headers: {} }];
  for (const username of ['analyst', 'caseworker', 'admin']) {
    const s = await signIn(system.httpUrl, username);
    out.push({ name: username, roles: s.user.roles, headers: s.headers });
  }
  out.push({ name: 'system key', roles: ['system'], headers: { 'x-api-key': SYSTEM_API_KEY } });
  return out;
}

/** Routes under the protected prefixes, with a concrete path for each pattern. */
export function protectedRoutes(system: System): (RouteEntry & { path: string })[] {
  return routeTable(system.http)
    .filter((r) => /^\/(api|v2|mail)(\/|$)/.test(r.url) && r.method !== 'OPTIONS')
    .map((r) => ({
      ...r,
      path: r.url
        .split('/')
        .map((seg) => (seg.startsWith(':') ? '1' : seg === '*' ? 'x' : seg))
        .join('/'),
    }));
}

/** One raw HTTP/1.1 request over a socket, exactly as written; the status code of the answer. */
export async function rawStatus(httpUrl: string, requestLine: string, headers: Record<string, string> = {}): Promise<number> {
  const { hostname, port } = new URL(httpUrl);
  const head = [requestLine, `Host: ${hostname}:${port}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  const text = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(`${head.join('\r\n')}\r\n\r\n`));
    let buf = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (buf += d));
    socket.on('end', () => resolve(buf));
    socket.on('close', () => resolve(buf));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${requestLine}`)));
  });
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  // Node's parser answers some malformed targets by closing the connection: that is a refusal too.
  return m ? Number(m[1]) : 400;
}
