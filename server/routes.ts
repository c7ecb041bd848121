import type { FastifyInstance } from 'fastify';
import type { Settings } from '../config/settings';
import type { Database } from '../db';
import type { EmbeddedEngine } from '../engine';
import type { EngineQueries } from '../engine/query';
import { v2Routes } from '../engine/rest';
import { documentsDirOf } from '../engine/documents';
import type { MailSink } from '../simulators/mailsink';
import { mailSinkRoutes } from '../simulators/mailsink';
import { registerOrderRoutes } from './api/orders';
import { registerBureauReportRoutes } from './api/bureau-reports';
import { registerAccountingRoutes } from './api/accounting';
import { registerCollectionRoutes } from './api/collection';
import { registerMobileRoutes } from './api/mobile';
import { registerForecastRoutes } from './api/forecast';
import { registerCareRoutes } from './api/care';
import { registerPaymentPageRoutes } from './payment-page/routes';
import { registerPortalRoutes } from './portal/routes';
import { todayInGermany } from '../domain/orders';
import { registerModelerRoutes } from './modeler';
import { registerTasklistRoutes } from './tasklist/orders';
import { registerCockpitRoutes } from './cockpit/orders';
import { registerCareAccountRoutes } from './api/care/account';
import { installAuth } from './auth';
import { installErrorHandling } from './http/errors';
import { installSecurityHeaders } from './http/headers';
import { installTextGuard } from './http/text-guard';
import { registerWebRoutes } from './web';
import { camundaAuthHeaders, camundaRestClient, type ZeebeClient } from './zeebe-client';
import { registerClusterV2Proxy } from './cluster/v2-proxy';
import { camundaRestSearch, embeddedEngineSearch, orderProgressFrom } from './api/order-progress';
import { orderProgressFromMemory } from './api/order-progress-memory';
import type { OrderStarts } from './order-starts';

export interface RouteDeps {
  settings: Settings;
  db: Database;
  engine?: EmbeddedEngine;
  queries?: EngineQueries;
  /** The SDK client of the order API (process start, message correlation). */
  zbc?: () => ZeebeClient;
  mailSink?: MailSink;
  /** The outbox of order process starts (its sweep runs in the composition root). */
  orderStarts?: OrderStarts;
  log?: (message: string) => void;
}

export interface RouteEntry {
  method: string;
  url: string;
}

const ROUTE_TABLE = 'routeTable';

/** Every route the server serves, as registered (method and pattern): what the security tests walk. */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return (app as unknown as Record<typeof ROUTE_TABLE, RouteEntry[]>)[ROUTE_TABLE] ?? [];
}

/** Mounts every HTTP surface: health, the engine's /v2 REST subset, and the product's own API. */
export async function registerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const table: RouteEntry[] = [];
  app.decorate(ROUTE_TABLE, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url });
  });
  // First: the target check, error answers, headers and text guard, then the role check, which
  // guards every route registered after it (server/auth/rules.ts).
  installErrorHandling(app);
  await installSecurityHeaders(app);
  await installAuth(app, { db: deps.db, settings: deps.settings, log: deps.log });
  installTextGuard(app);
  app.get('/health', async () => ({ status: 'UP', engine: deps.engine ? 'embedded' : 'external' }));
  if (deps.engine && deps.queries) {
    await app.register(v2Routes, {
      prefix: '/v2',
      commands: deps.engine.commands,
      queries: deps.queries,
      clockControlled: deps.settings.engineClockControlled,
      documentsDir: documentsDirOf(deps.settings.dataDir),
    });
  } else if (!deps.engine && deps.settings.zeebeRestAddress) {
    // A cluster: the web apps' /v2 calls go there with the SDK's credentials.
    await registerClusterV2Proxy(app, { settings: deps.settings, authHeaders: camundaAuthHeaders(deps.settings) });
  }
  if (deps.zbc) {
    // The live view of an order's process: the embedded engine's read models, or an external Camunda 8's REST search.
    const search = deps.queries
      ? embeddedEngineSearch(deps.queries)
      : deps.engine
        ? undefined
        : camundaRestSearch(() => camundaRestClient(deps.settings));
    await registerOrderRoutes(app, {
      db: deps.db,
      settings: deps.settings,
      zbc: deps.zbc,
      orderStarts: deps.orderStarts,
      // Embedded: the engine's memory, no statements (a polling client asked six per GET).
      progress: deps.engine ? orderProgressFromMemory(deps.engine.engine) : search && orderProgressFrom(search),
    });
    // The money routes share their dependencies and the engine's clock: a pinned test clock (and
    // the runs it drives) and the API agree on the day.
    const money = {
      db: deps.db,
      settings: deps.settings,
      zbc: deps.zbc,
      engine: deps.engine,
      queries: deps.queries,
      today: deps.engine ? () => todayInGermany(new Date(deps.engine!.engine.clock.now())) : undefined,
    };
    // Reports to the credit bureaus and their transmission log (documented in the API reference too).
    await registerBureauReportRoutes(app, money);
    // The customer account screen's search and whole-customer view (the /care app).
    await registerCareAccountRoutes(app, money);
    // After the order routes: they set up the API reference, which documents these too.
    await registerAccountingRoutes(app, money);
    // The payment page of the dunning notices (token-signed, no sign-in).
    await registerPaymentPageRoutes(app, money);
    await registerCollectionRoutes(app, money);
    // The phone app: credit checks with their purpose, claims captured with a photo.
    await registerMobileRoutes(app, money);
    // The revenue forecast with what-if scenarios (the cockpit's Umsatzprognose).
    await registerForecastRoutes(app, money);
    // Customer care: every change a case worker or customer asks for is a case with its process.
    await registerCareRoutes(app, money);
    // The customer portal: sign-in by e-mail link, own data, requests through the same care processes.
    await registerPortalRoutes(app, money);
  }
  // Deploys go to the embedded engine, or to the cluster through the SDK.
  await registerModelerRoutes(app, { db: deps.db, settings: deps.settings, commands: deps.engine?.commands });
  await registerTasklistRoutes(app, { db: deps.db });
  await registerCockpitRoutes(app, { db: deps.db });
  if (deps.mailSink) await app.register(mailSinkRoutes(deps.mailSink));
  await registerWebRoutes(app, { minify: deps.settings.webMinify });
}
