import type { Server } from 'node:http';
import { ExportTickets } from './auth/export-tickets.js';
import { SessionTokens, type SignInMethod } from './auth/session-tokens.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { createCrmAdapter } from './crm/create-crm-adapter.js';
import { instrumentAdapter } from './crm/instrumented-adapter.js';
import { createApp } from './http/app.js';
import { describeFraming } from './http/security-headers.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { OutboxWorker } from './outbox/outbox-worker.js';
import { SecretBox } from './secrets/secret-box.js';
import { loadPreviousSecretsKeys, loadSecretsKey } from './secrets/secrets-key.js';
import { NumberService } from './services/number-service.js';
import { TenantPolicy } from './services/tenant-policy.js';
import { LocalAgentPush } from './push/local-agent-push.js';
import { PgAgentPush } from './push/pg-agent-push.js';
import type { AgentPush } from './push/agent-push.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';

/** How often widgets not heard from for a day are forgotten. */
const PRESENCE_PRUNE_INTERVAL_MS = 3_600_000;
/** Widgets not heard from for this long are forgotten: long gone, and no page shows them. */
const PRESENCE_KEPT_MS = 86_400_000;

/** Bounds each request of a CRM sign-in when the connector runs on the demo CRM (which has no CRM timeout setting). */
const DEMO_SIGN_IN_TIMEOUT_MS = 10_000;

/** Reads the config, wires the parts, listens, and shuts down gracefully on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  let config: Config;
  let secrets: ReturnType<typeof loadSecretsKey>;
  let previousKeys: Buffer[];
  try {
    config = loadConfig(process.env);
    secrets = loadSecretsKey({ configured: config.secretsKey, dataDir: config.dataDir });
    previousKeys = loadPreviousSecretsKeys(config.previousSecretsKeys);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger(config.logLevel);
  if (secrets.source === 'new-file') {
    logger.warn({ file: secrets.file }, 'created a new secrets key file: back it up with the data folder, or set SECRETS_KEY; without it no stored SIP password can be read');
  }
  if (previousKeys.length > 0) {
    logger.info({ previousKeys: previousKeys.length }, 'previous secrets keys loaded: they still open sealed secrets and verify sessions; re-seal with POST /api/v1/admin/secrets/reseal, then remove them');
  }
  if (config.crmOrigins.length === 0) logger.warn(describeFraming(config.crmOrigins));
  else logger.info(describeFraming(config.crmOrigins));
  const signInMethods = offeredSignIns(config);
  logger.info({ signInMethods: ['key', ...signInMethods], sessionTtlS: config.sessions.ttlS, sessionMaxAgeS: config.sessions.maxAgeS }, 'agent sign-in');
  const metrics = createMetrics({ collectProcessMetrics: true });
  // A migration may take minutes on a large store (version 5: about 100 s for 5 million calls), before the connector
  // listens: say so, so a long start is not mistaken for a hang.
  const storeLogger = logger.child({ part: 'store' });
  let store: Store;
  try {
    store = await openStore(
      config,
      (event) => {
        if (event.phase === 'started') storeLogger.info({ version: event.version, migration: event.name }, 'applying a store migration; the connector listens once it is done');
        else storeLogger.info({ version: event.version, migration: event.name, durationMs: event.durationMs }, 'store migration applied');
      },
      {
        onNewerSchema: ({ found, known }) =>
          storeLogger.warn({ schemaVersion: found, knownVersion: known }, 'the store schema was migrated by a newer connector; this one runs on it until it is upgraded'),
        // The code only: a connection error's message could name the server, never needed to act on it.
        onConnectionError: (error) => storeLogger.warn({ code: (error as { code?: string }).code }, 'a PostgreSQL connection broke; the pool replaces it'),
      },
    );
  } catch (error) {
    // The PostgreSQL store's errors name the host and database, never the URL's password.
    storeLogger.fatal({ err: error }, 'cannot open the store');
    process.stderr.write(`Cannot open the store: ${(error as Error).message}\n`);
    process.exit(1);
  }
  // Pushes to widgets reach every instance through PostgreSQL when the store is shared; in one process otherwise.
  const pushLogger = logger.child({ part: 'push' });
  let push: AgentPush;
  try {
    push = config.databaseUrl
      ? await PgAgentPush.open({ url: config.databaseUrl, schema: config.databaseSchema, logger: pushLogger })
      : new LocalAgentPush({ onListenerError: (error) => pushLogger.error({ err: error }, 'a push subscriber failed') });
  } catch (error) {
    pushLogger.fatal({ err: error }, 'cannot listen for pushes to widgets');
    process.stderr.write(`Cannot listen for pushes to widgets: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const { adapter, demoDb } = createCrmAdapter(config, logger);
  const crm = instrumentAdapter(adapter, metrics.crmRequests, metrics.crmErrors);
  const tenantPolicy = new TenantPolicy({ store, configured: { callPolicy: config.callPolicy, callLimits: config.callLimits } });
  const numbers = new NumberService({
    crm,
    dialPlan: config.dialPlan,
    callPolicy: config.callPolicy,
    policySource: () => tenantPolicy.callPolicy(),
    onResolved: (outcome) => metrics.resolutions.inc({ outcome }),
  });

  const outbox = new OutboxWorker({
    store,
    crm,
    logger: logger.child({ part: 'outbox' }),
    options: config.outbox,
    onOutcome: (outcome) => metrics.callLogs.inc({ outcome }),
    onDelivered: (seconds) => metrics.callLogDelivery.observe(seconds),
  });

  let shuttingDown = false;
  const configuredUrl = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const app = createApp({
    logger,
    metrics,
    store,
    crm,
    numbers,
    bodyLimitBytes: config.bodyLimitBytes,
    demoCrm: demoDb,
    push,
    isShuttingDown: () => shuttingDown,
    adminToken: config.adminToken,
    onCallsEnded: (count) => outbox.nudge(count),
    onReplay: () => outbox.wake(),
    sessionTokens: new SessionTokens({ keys: { current: secrets.key, previous: previousKeys }, ...config.sessions }),
    exportTickets: new ExportTickets({ keys: { current: secrets.key, previous: previousKeys } }),
    secretBox: new SecretBox(secrets.key, previousKeys),
    softphone: config.softphone,
    loopbackSalesforce: config.loopbackSalesforce,
    crmOrigins: config.crmOrigins,
    signInMethods,
    ephemeralSipSecret: config.ephemeralSipSecret,
    tenantPolicy,
    heartbeatTimeoutMs: config.outbox.heartbeatTimeoutMs,
    rateLimits: config.rateLimits,
    trustProxy: config.trustProxy,
    crmSignIn: {
      // Only the sign-ins offered: a CRM's OAuth client set up while the connector runs on another CRM stays unused.
      signIn: {
        salesforce: signInMethods.includes('salesforce') ? config.signIn.salesforce : null,
        hubspot: signInMethods.includes('hubspot') ? config.signIn.hubspot : null,
      },
      publicUrl: configuredUrl,
      timeoutMs: config.crm.kind === 'demo' ? DEMO_SIGN_IN_TIMEOUT_MS : config.crm.settings.timeoutMs,
    },
  });

  const server = await listen(app, config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url, crm: crm.name, dataDir: config.dataDir, store: store.kind }, 'connector listening');
  outbox.start();
  const pruneLogger = logger.child({ part: 'presence' });
  const presencePruner = setInterval(() => {
    store.prunePresence(Date.now() - PRESENCE_KEPT_MS).catch((error: unknown) => pruneLogger.warn({ err: error }, 'forgetting old widget presence failed; will try again'));
  }, PRESENCE_PRUNE_INTERVAL_MS);
  presencePruner.unref();
  process.stderr.write(`Connector ready (CRM: ${crm.name}). Open ${url}/\n`);

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timeout: closing open connections');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    force.unref();
    clearInterval(presencePruner);
    // Ends the widgets' event streams, which would otherwise keep the server open; the widgets reconnect elsewhere.
    // Bounded: closing the listener's connection to a database that stopped answering must not hold the shutdown.
    await Promise.race([push.close().catch((error: unknown) => pushLogger.warn({ err: error }, 'closing the push channel failed')), delay(config.shutdownTimeoutMs)]);
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await outbox.stop(config.shutdownTimeoutMs);
    // Bounded too: a pool whose database stopped answering must not keep the process from exiting.
    await Promise.race([Promise.allSettled([crm.close(), store.close()]), delay(config.shutdownTimeoutMs)]);
    clearTimeout(force);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (s) => void shutdown(s));
  process.on('SIGINT', (s) => void shutdown(s));
}

/** The CRM sign-ins to offer: a CRM's own, when the connector runs on that CRM and has its OAuth client set up. */
function offeredSignIns(config: Config): SignInMethod[] {
  const methods: SignInMethod[] = [];
  if (config.crm.kind === 'salesforce' && config.signIn.salesforce) methods.push('salesforce');
  if (config.crm.kind === 'hubspot' && config.signIn.hubspot) methods.push('hubspot');
  return methods;
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.on('error', reject);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`connector failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
