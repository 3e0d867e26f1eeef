import type { Server } from 'node:http';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { createCrmAdapter } from './crm/create-crm-adapter.js';
import { instrumentAdapter } from './crm/instrumented-adapter.js';
import { createApp } from './http/app.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { OutboxWorker } from './outbox/outbox-worker.js';
import { SecretBox } from './secrets/secret-box.js';
import { loadSecretsKey } from './secrets/secrets-key.js';
import { NumberService } from './services/number-service.js';
import { SqliteStore } from './store/sqlite-store.js';

/** Reads the config, wires the parts, listens, and shuts down gracefully on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  let config: Config;
  let secrets: ReturnType<typeof loadSecretsKey>;
  try {
    config = loadConfig(process.env);
    secrets = loadSecretsKey({ configured: config.secretsKey, dataDir: config.dataDir });
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
  const metrics = createMetrics({ collectProcessMetrics: true });
  const store = SqliteStore.open(path.join(config.dataDir, 'connector.sqlite'));
  const { adapter, demoDb } = createCrmAdapter(config, logger);
  const crm = instrumentAdapter(adapter, metrics.crmRequests);
  const numbers = new NumberService({
    crm,
    dialPlan: config.dialPlan,
    callPolicy: config.callPolicy,
    onResolved: (outcome) => metrics.resolutions.inc({ outcome }),
  });

  const outbox = new OutboxWorker({
    store,
    crm,
    logger: logger.child({ part: 'outbox' }),
    options: config.outbox,
    onOutcome: (outcome) => metrics.callLogs.inc({ outcome }),
  });

  let shuttingDown = false;
  const app = createApp({
    logger,
    metrics,
    store,
    crm,
    numbers,
    bodyLimitBytes: config.bodyLimitBytes,
    demoCrm: demoDb,
    isShuttingDown: () => shuttingDown,
    adminToken: config.adminToken,
    onCallsEnded: (count) => outbox.nudge(count),
    onReplay: () => outbox.wake(),
    secretBox: new SecretBox(secrets.key),
    softphone: config.softphone,
    loopbackSalesforce: config.loopbackSalesforce,
    corsOrigins: config.crmOrigins,
  });

  const server = await listen(app, config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url, crm: crm.name, dataDir: config.dataDir, store: store.kind }, 'connector listening');
  outbox.start();
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
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await outbox.stop(config.shutdownTimeoutMs);
    await crm.close();
    await store.close();
    clearTimeout(force);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (s) => void shutdown(s));
  process.on('SIGINT', (s) => void shutdown(s));
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
