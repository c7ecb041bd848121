/**
 * The CI check of docker-compose.yml (no Docker runs here, so the file is checked, not started):
 * it parses; every image is pinned to an exact version; the product's services (app, workers)
 * get every setting the production profile needs, each a setting config/settings.ts knows, and
 * their addresses point at the services that serve them; the workers are a scaled service of
 * their own; and the Camunda parts match Camunda's published 8.8 compose files (table below).
 * docs/docker-compose.md says what else was compared and what was not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { descriptors, loadSettings, productionViolations } from '../../config/settings';
import {
  ROOT,
  containerPort,
  dockerfileEnv,
  dockerfileInstructions,
  interpolate,
  interpolateAll,
  isExactVersion,
  parseYaml,
  readCompose,
  splitImage,
  type ComposeFile,
  type Service,
} from './compose-file';

/**
 * Camunda's published 8.8 compose files, read from camunda/camunda-distributions at commit
 * c20c51f7958fab588aa6522f1504d69d3202a537 (2026-08-21):
 * docker-compose/versions/camunda-8.8/.env (image versions), docker-compose.yaml (the lightweight
 * setup: orchestration, connectors, elasticsearch) and docker-compose-full.yaml (mailpit,
 * postgres). Update this table, and the defaults in docker-compose.yml, together.
 */
const CAMUNDA_88 = {
  versions: {
    'camunda/camunda': '8.8.36', // CAMUNDA_VERSION
    'docker.elastic.co/elasticsearch/elasticsearch': '8.17.10', // ELASTIC_VERSION
    'axllent/mailpit': 'v1.21.8', // MAILPIT_VERSION
  } as Record<string, string>,
  // POSTGRES_VERSION=15-alpine3.22 floats over minor releases; the product pins an exact 15.x of
  // the same Alpine release.
  postgresTag: /^15\.\d+-alpine3\.22$/,
  // Container ports of the orchestration service ("26500:26500", "8088:8080", "9600:9600").
  grpcPort: 26500,
  restPort: 8080,
  managementPort: 9600,
  dataVolumeTarget: '/usr/local/camunda/data',
  configTarget: '/usr/local/camunda/config/application.yaml',
  // configs.orchestration-config.content of docker-compose.yaml, parsed.
  orchestrationConfig: {
    'management.endpoints.configprops.show-values': 'always',
    camunda: {
      system: { 'cpu-thread-count': '3', 'io-thread-count': '3' },
      security: {
        authentication: { method: 'basic', unprotectedApi: true },
        authorizations: { enabled: false },
        initialization: {
          users: [{ username: 'demo', password: 'demo', name: 'Demo User', email: 'demo@demo.com' }],
          'defaultRoles.admin.users': ['demo'],
        },
      },
      'database.index.numberOfReplicas': 0,
      data: {
        'secondary-storage': {
          type: 'elasticsearch',
          elasticsearch: { 'cluster-name': 'elasticsearch', url: 'http://elasticsearch:9200' },
        },
      },
    },
  },
  // services.elasticsearch.environment of docker-compose.yaml (list form there).
  elasticsearchEnv: {
    'discovery.type': 'single-node',
    'xpack.security.enabled': 'false',
    'cluster.routing.allocation.disk.threshold_enabled': 'false',
    'logger.org.elasticsearch.deprecation': 'OFF',
  },
  elasticsearchHealth: ['CMD-SHELL', 'curl -f http://localhost:9200/_cat/health | grep -q green'],
  elasticsearchDataTarget: '/usr/share/elasticsearch/data',
  postgresHealth: ['CMD-SHELL', 'pg_isready -d ${POSTGRES_DB} -U ${POSTGRES_USER}'],
  postgresDataTarget: '/var/lib/postgresql/data',
  mailpitHealth: ['CMD', '/usr/bin/nc', '-z', 'localhost', '1025'],
  mailpitSmtpPort: 1025,
};

/** What an operator puts in .env: the values the file demands with ${VAR:?…}. */
const OPERATOR_ENV = { ADMIN_PASSWORD: 'a-real-admin-password-1', SYSTEM_API_KEY: 'a-real-system-key-0123456789abcdef' };
const PRODUCT_SERVICES = ['app', 'workers'];

const { raw, text } = readCompose();
const compose: ComposeFile = interpolateAll(raw, OPERATOR_ENV);
const services = compose.services;
const settingEnvs = new Set(Object.values(descriptors).map((d) => d.env));

function service(name: string): Service {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
}

/** The environment a product container sees: the image's ENV lines, then the service's environment. */
function containerEnv(name: string): Record<string, string> {
  return { ...dockerfileEnv(), ...(service(name).environment as Record<string, string>) };
}

/** Environment keys the product does not read (config/settings.ts): a typo, or a setting that went away. */
function unknownSettings(environment: Record<string, unknown>): string[] {
  return Object.keys(environment).filter((k) => !settingEnvs.has(k));
}

/** The service whose image is `name` (any tag). */
function serviceWithImage(name: string): [string, Service] {
  const found = Object.entries(services).filter(([, s]) => s.image && splitImage(s.image).name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('docker-compose.yml', () => {
  test('parses as YAML without errors or duplicate keys, and every variable resolves', () => {
    expect(() => parseYaml(text)).not.toThrow();
    expect(Object.keys(services).sort()).toEqual([
      'app',
      'bureau-simulator',
      'elasticsearch',
      'mailpit',
      'orchestration',
      'postgres',
      'workers',
    ]);
    // Nothing left for compose to interpolate but the healthcheck's own shell variables.
    const rest = JSON.stringify(compose).match(/\$\{?[A-Za-z_]+/g) ?? [];
    expect(rest.sort()).toEqual(['${POSTGRES_DB', '${POSTGRES_USER']);
  });

  test('the production credentials have no default: without them compose refuses to start', () => {
    expect(() => interpolateAll(raw, {})).toThrow(/ADMIN_PASSWORD/);
    expect(() => interpolateAll(raw, { ADMIN_PASSWORD: 'x' })).toThrow(/SYSTEM_API_KEY/);
  });

  test('the interpolation follows compose: defaults, required values, $$', () => {
    expect(interpolate('a:${V:-1.2.3}', {})).toBe('a:1.2.3');
    expect(interpolate('a:${V:-1.2.3}', { V: '' })).toBe('a:1.2.3');
    expect(interpolate('a:${V-1.2.3}', { V: '' })).toBe('a:');
    expect(interpolate('a:${V:-1.2.3}', { V: '9.9.9' })).toBe('a:9.9.9');
    expect(interpolate('$${X} $$', {})).toBe('${X} $');
    expect(() => interpolate('${V:?give V}', {})).toThrow('V: give V');
    expect(() => interpolate('${V}', {})).toThrow(/V is neither set/);
  });

  test('every image is pinned to an exact version, also with nothing set in the shell or .env', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.image).toBeDefined();
      const { name: image, tag } = splitImage(s.image!);
      if (s.build !== undefined) {
        // Built here from ./Dockerfile: pinned by the Dockerfile's base image (next test).
        expect([name, s.image]).toEqual([name, 'energy-order-to-cash:local']);
      } else {
        expect([name, tag, isExactVersion(image, tag)]).toEqual([name, tag, true]);
      }
    }
    expect(isExactVersion('camunda/camunda', 'latest')).toBe(false);
    expect(isExactVersion('camunda/camunda', '8.8')).toBe(false);
    expect(isExactVersion('camunda/camunda', '8.8.36')).toBe(true);
    expect(isExactVersion('postgres', '15')).toBe(false);
    expect(isExactVersion('postgres', '15-alpine3.22')).toBe(false);
    expect(isExactVersion('postgres', '15.14-alpine3.22')).toBe(true);
    expect(isExactVersion('node', '20-bookworm-slim')).toBe(false);
  });

  test("the Dockerfile's base image is pinned to an exact version", () => {
    const from = dockerfileInstructions().filter((i) => i.op === 'FROM');
    expect(from.length).toBeGreaterThan(0);
    for (const { args } of from) {
      const { name, tag } = splitImage(args.split(/\s+/)[0]);
      expect([args, isExactVersion(name, tag)]).toEqual([args, true]);
    }
  });

  test("the Camunda images' versions are those of Camunda's 8.8 .env", () => {
    for (const [image, version] of Object.entries(CAMUNDA_88.versions)) {
      const [, s] = serviceWithImage(image);
      expect([image, splitImage(s.image!).tag]).toEqual([image, version]);
    }
    expect(splitImage(service('postgres').image!).tag).toMatch(CAMUNDA_88.postgresTag);
  });

  test.each(PRODUCT_SERVICES)('%s: the production profile starts with these settings, on the cluster', (name) => {
    const env = containerEnv(name);
    const settings = loadSettings(env);
    expect(settings.appProfile).toBe('production');
    expect(productionViolations(settings)).toEqual([]);
    expect(settings.engineEmbedded).toBe(false);
    expect(settings.mailSinkEnabled).toBe(false);
    expect(settings.bureauSimulatorEnabled).toBe(false);
    expect(settings.adminPassword).toBe(OPERATOR_ENV.ADMIN_PASSWORD);
    expect(settings.systemApiKey).toBe(OPERATOR_ENV.SYSTEM_API_KEY);
    // Compose wants strings: an unquoted true or 1025 is read differently by YAML 1.1 and 1.2.
    for (const [k, v] of Object.entries(service(name).environment!)) expect([k, typeof v]).toEqual([k, 'string']);
  });

  test.each(PRODUCT_SERVICES)('%s: every environment key is a setting of config/settings.ts', (name) => {
    expect(unknownSettings(service(name).environment!)).toEqual([]);
  });

  test('a misspelt setting is caught', () => {
    const environment = { ...service('app').environment, SMPT_HOST: 'mailpit', ZEEBE_GRPC_ADRESS: 'grpc://x:1' };
    expect(unknownSettings(environment)).toEqual(['SMPT_HOST', 'ZEEBE_GRPC_ADRESS']);
  });

  test.each(PRODUCT_SERVICES)('%s: DATABASE_URL points at the postgres service with its credentials', (name) => {
    const url = new URL(loadSettings(containerEnv(name)).databaseUrl);
    const pg = service('postgres').environment as Record<string, string>;
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
  });

  test.each(PRODUCT_SERVICES)('%s: the ZEEBE addresses point at the orchestration service', (name) => {
    const settings = loadSettings(containerEnv(name));
    const [host, orchestration] = serviceWithImage('camunda/camunda');
    const ports = (orchestration.ports ?? []).map(containerPort);
    const grpc = new URL(settings.zeebeGrpcAddress);
    expect([grpc.protocol, grpc.hostname, Number(grpc.port)]).toEqual(['grpc:', host, CAMUNDA_88.grpcPort]);
    const rest = new URL(settings.zeebeRestAddress);
    expect([rest.protocol, rest.hostname, Number(rest.port)]).toEqual(['http:', host, CAMUNDA_88.restPort]);
    expect(ports).toEqual(expect.arrayContaining([CAMUNDA_88.grpcPort, CAMUNDA_88.restPort, CAMUNDA_88.managementPort]));
    // Camunda's lightweight file leaves the API unprotected: the SDK sends no credentials.
    expect(CAMUNDA_88.orchestrationConfig.camunda.security.authentication.unprotectedApi).toBe(true);
    expect(settings.camundaAuthStrategy).toBe('NONE');
  });

  test.each(PRODUCT_SERVICES)('%s: mail goes to the mailpit service, bureau calls to the simulator service', (name) => {
    const settings = loadSettings(containerEnv(name));
    const [host] = serviceWithImage('axllent/mailpit');
    expect([settings.smtpHost, settings.smtpPort]).toEqual([host, CAMUNDA_88.mailpitSmtpPort]);
    const sim = service('bureau-simulator');
    const simEnv = sim.environment as Record<string, string>;
    expect(sim.command).toEqual(['node_modules/.bin/tsx', 'simulators/bureaus/main.ts']);
    expect(simEnv.BUREAU_SIMULATOR_HOST).toBe('0.0.0.0');
    for (const url of [settings.schufaBaseUrl, settings.infoscoreBaseUrl, settings.creditreformBaseUrl]) {
      const u = new URL(url);
      expect([u.hostname, u.port]).toEqual(['bureau-simulator', simEnv.BUREAU_SIMULATOR_PORT]);
    }
  });

  test('app and workers share one environment, apart from what only the server or only the workers use', () => {
    const app = service('app').environment!;
    const workers = service('workers').environment!;
    const onlyApp = Object.keys(app).filter((k) => !(k in workers));
    const onlyWorkers = Object.keys(workers).filter((k) => !(k in app));
    expect(onlyApp.sort()).toEqual(['DEPLOY_PROCESSES_AT_START', 'HTTP_HOST', 'HTTP_PORT', 'WORKERS_ENABLED']);
    expect(onlyWorkers.sort()).toEqual(['WORKER_NAME', 'WORKER_TASK_TYPES']);
    for (const k of Object.keys(app).filter((key) => key in workers)) expect([k, workers[k]]).toEqual([k, app[k]]);
    // Written once: both merge the x-product-env anchor.
    expect(text.match(/<<: \*product-env/g)).toHaveLength(2);
  });

  test('the app serves, the workers service runs the job workers, scaled', () => {
    const app = service('app');
    const workers = service('workers');
    expect(loadSettings(containerEnv('app')).workersEnabled).toBe(false);
    expect(loadSettings(containerEnv('app')).deployProcessesAtStart).toBe(true);
    expect(workers.image).toBe(app.image);
    expect(workers.build).toEqual(app.build);
    expect(workers.deploy?.replicas).toBeGreaterThanOrEqual(2);
    // Replicas need their own names and no fixed host port; the engine tells them apart by
    // WORKER_NAME, empty here: "<container host name>-<pid>".
    expect(workers.container_name).toBeUndefined();
    expect(workers.ports).toBeUndefined();
    expect(loadSettings(containerEnv('workers')).workerName).toBe('');
    // The image's healthcheck asks the server's /health, which a workers process does not serve.
    expect(workers.healthcheck).toEqual({ disable: true });
    expect(workers.depends_on?.app).toEqual({ condition: 'service_healthy' });
  });

  test('the workers command runs what `npm run workers` runs, from a file that exists', () => {
    const command = service('workers').command!;
    expect(command[0]).toBe('node_modules/.bin/tsx');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(`tsx ${command.slice(1).join(' ')}`).toBe(pkg.scripts.workers);
    expect(fs.existsSync(path.join(ROOT, command[1]))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'))).toBe(true);
  });

  test('app and workers share DATA_DIR (print runs, agency outbox) on one volume', () => {
    for (const name of PRODUCT_SERVICES) {
      const dataDir = loadSettings(containerEnv(name)).dataDir;
      expect(service(name).volumes).toContain(`app-data:${dataDir}`);
    }
  });

  test('orchestration follows Camunda 8.8: configuration, data volume, secondary storage first', () => {
    const [, orchestration] = serviceWithImage('camunda/camunda');
    const config = orchestration.configs?.[0];
    expect(config?.target).toBe(CAMUNDA_88.configTarget);
    expect(parseYaml(compose.configs![config!.source].content!)).toEqual(CAMUNDA_88.orchestrationConfig);
    expect(orchestration.volumes).toEqual([`orchestration:${CAMUNDA_88.dataVolumeTarget}`]);
    expect(orchestration.depends_on).toEqual({ elasticsearch: { condition: 'service_healthy' } });
    // The healthcheck asks for readiness on the management port (a deliberate difference, see the docs).
    expect(JSON.stringify(orchestration.healthcheck?.test)).toContain(`/dev/tcp/127.0.0.1/${CAMUNDA_88.managementPort}`);
    expect(JSON.stringify(orchestration.healthcheck?.test)).toContain('GET /actuator/health/readiness');
  });

  test('elasticsearch, postgres and mailpit keep the settings and healthchecks of Camunda 8.8', () => {
    const [, es] = serviceWithImage('docker.elastic.co/elasticsearch/elasticsearch');
    expect(es.environment).toMatchObject(CAMUNDA_88.elasticsearchEnv);
    expect(es.healthcheck?.test).toEqual(CAMUNDA_88.elasticsearchHealth);
    expect(es.volumes).toEqual([`elastic:${CAMUNDA_88.elasticsearchDataTarget}`]);
    const pg = service('postgres');
    expect(pg.healthcheck?.test).toEqual(CAMUNDA_88.postgresHealth);
    expect(pg.volumes).toEqual([`postgres:${CAMUNDA_88.postgresDataTarget}`]);
    const [, mailpit] = serviceWithImage('axllent/mailpit');
    expect(mailpit.healthcheck?.test).toEqual(CAMUNDA_88.mailpitHealth);
  });

  test('every dependency and named volume exists, and the product waits for healthy services', () => {
    const volumes = new Set(Object.keys(compose.volumes ?? {}));
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect([name, dep, dep in services]).toEqual([name, dep, true]);
        expect([name, dep, condition]).toEqual([name, dep, 'service_healthy']);
        // Waiting for health needs a healthcheck there.
        expect([dep, services[dep].healthcheck?.disable]).not.toEqual([dep, true]);
        expect(services[dep].healthcheck?.test).toBeDefined();
      }
      for (const v of s.volumes ?? []) {
        const source = v.split(':')[0];
        if (!source.startsWith('.') && !source.startsWith('/')) expect([name, source, volumes.has(source)]).toEqual([name, source, true]);
      }
    }
    expect(Object.keys(service('app').depends_on ?? {}).sort()).toEqual(['bureau-simulator', 'mailpit', 'orchestration', 'postgres']);
  });
});
