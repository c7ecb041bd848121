/**
 * Security headers, caching of personal data, the Secure cookie behind a TLS proxy, the mail
 * sink's access, and the production profile that refuses development credentials.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadSettings, productionViolations } from '../../config/settings';
import { startSystem, type System } from '../../server/system';
import { signIn } from '../auth';
import { callers, startSecuritySystem } from './system';

describe('headers and the mail sink', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSecuritySystem({ trustProxy: '127.0.0.1' });
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('a Content-Security-Policy without inline scripts on pages and API answers', async () => {
    for (const url of ['/login', '/api/docs', '/health']) {
      const res = await fetch(`${system.httpUrl}${url}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('Cache-Control: no-store on API answers, pages and problems', async () => {
    const admin = await signIn(system.httpUrl, 'admin');
    for (const [url, headers] of [
      ['/api/users', admin.headers],
      ['/v2/topology', admin.headers],
      ['/api/orders/1', {}],
      ['/login', {}],
    ] as const) {
      const res = await fetch(`${system.httpUrl}${url}`, { headers });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('the session cookie is Secure behind a trusted TLS proxy, and only then', async () => {
    const body = JSON.stringify({ username: 'analyst', password: 'analyst' });
    const viaProxy = await fetch(`${system.httpUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body,
    });
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure/);
    const direct = await fetch(`${system.httpUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(direct.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('the mail sink is for admins only', async () => {
    const byName = Object.fromEntries((await callers(system)).map((c) => [c.name, c.headers]));
    const status = async (who: string, url = '/mail/api/messages', method = 'GET') =>
      (await fetch(`${system.httpUrl}${url}`, { method, headers: byName[who] })).status;
    expect(await status('anonymous')).toBe(401);
    expect(await status('anonymous', '/mail/api/messages', 'DELETE')).toBe(401);
    expect(await status('anonymous', '/mail')).toBe(401);
    expect(await status('caseworker')).toBe(403);
    expect(await status('system key')).toBe(403);
    expect(await status('admin')).toBe(200);
  });
});

describe('production profile', () => {
  const production = {
    APP_PROFILE: 'production',
    ADMIN_PASSWORD: 'a-real-admin-password',
    SYSTEM_API_KEY: 'a-real-system-key-123',
    PUBLIC_BASE_URL: 'https://kunden.example.de',
  };

  it('turns the development helpers off and names every development credential', () => {
    const s = loadSettings(production);
    expect(s).toMatchObject({ devUsers: false, mailSinkEnabled: false, bureauSimulatorEnabled: false, engineGrpcAuth: 'required' });
    expect(productionViolations(s)).toEqual([]);
    const dev = loadSettings({ APP_PROFILE: 'production', DEV_USERS: 'true', MAIL_SINK_ENABLED: 'true' });
    expect(productionViolations(dev).join('\n')).toMatch(
      /ADMIN_PASSWORD[\s\S]*SYSTEM_API_KEY[\s\S]*PUBLIC_BASE_URL[\s\S]*DEV_USERS[\s\S]*MAIL_SINK_ENABLED/,
    );
    expect(() => loadSettings({ APP_PROFILE: 'staging' })).toThrow(/APP_PROFILE/);
  });

  it('refuses to start with development credentials, or with accounts that still have development passwords', async () => {
    await expect(startSystem(loadSettings({ APP_PROFILE: 'production' }), () => {})).rejects.toThrow(ConfigError);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'o2c-profile-'));
    const base = {
      httpPort: 0,
      engineGrpcPort: 0,
      smtpPort: 0,
      dataDir,
      workersEnabled: false,
      deployProcessesAtStart: false,
      logLevel: 'silent',
    };
    try {
      // A development start leaves analyst/analyst and caseworker/caseworker behind …
      const dev = await startSystem(
        loadSettings({}, { ...base, bureauSimulatorEnabled: false, paymentProviderSimulatorPort: 0 }),
        () => {},
      );
      await dev.stop();
      // … which production refuses; it names the accounts.
      await expect(startSystem(loadSettings(production, base), () => {})).rejects.toThrow(/analyst, caseworker/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('starts without mail sink and simulators when the credentials are real', async () => {
    const system = await startSystem(
      loadSettings(production, {
        httpPort: 0,
        engineGrpcPort: 0,
        dataDir: 'memory://',
        workersEnabled: false,
        deployProcessesAtStart: false,
        logLevel: 'silent',
      }),
      () => {},
    );
    try {
      expect(system.mailSink).toBeUndefined();
      expect(system.simulator).toBeUndefined();
      expect(
        (
          await fetch(`${system.httpUrl}/mail/api/messages`, {
            headers: (await signIn(system.httpUrl, 'admin', 'a-real-admin-password')).headers,
          })
        ).status,
      ).toBe(404);
    } finally {
      await system.stop();
    }
  }, 60_000);
});
