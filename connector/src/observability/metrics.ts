import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The connector's Prometheus metrics, in a registry of their own so tests can build as many apps as they like. The
 * gauges read from the store at scrape time (outbox, widgets, calls in progress) are added by `registerStoreGauges`.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Histogram<'method' | 'route' | 'status'>;
  readonly resolutions: Counter<'outcome'>;
  readonly crmRequests: Counter<'crm' | 'operation' | 'outcome'>;
  readonly crmErrors: Counter<'crm' | 'operation' | 'kind' | 'code'>;
  readonly callLogs: Counter<'outcome'>;
  readonly callLogDelivery: Histogram;
  readonly dialsRefused: Counter<'code'>;
}

export function createMetrics(options: { collectProcessMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (options.collectProcessMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Histogram({
      name: 'connector_http_request_duration_seconds',
      help: 'HTTP requests served, by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    resolutions: new Counter({
      name: 'connector_number_resolutions_total',
      help: 'Numbers resolved to SIP targets, by outcome (dialable, refused by policy, unusable)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    callLogs: new Counter({
      name: 'connector_call_logs_total',
      help: 'Call logs sent to the CRM, by outcome (stored, retry, dead)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    callLogDelivery: new Histogram({
      name: 'connector_call_log_delivery_seconds',
      help: 'From a version of a call log being queued (the call ended, or a wrap-up or correction was saved) to the CRM storing it, once per version',
      buckets: [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600],
      registers: [registry],
    }),
    crmRequests: new Counter({
      name: 'connector_crm_requests_total',
      help: 'Calls to the CRM adapter, by CRM, operation and outcome (ok or the CrmError kind)',
      labelNames: ['crm', 'operation', 'outcome'],
      registers: [registry],
    }),
    crmErrors: new Counter({
      name: 'connector_crm_errors_total',
      help: "CRM errors, by CRM, operation, kind (the CrmError kind, or item-retry/item-rejected for one call log of a batch) and code (the CRM's error code, else the HTTP status, else the kind)",
      labelNames: ['crm', 'operation', 'kind', 'code'],
      registers: [registry],
    }),
    dialsRefused: new Counter({
      name: 'connector_dials_refused_total',
      help: 'Dials the connector refused, by code (a call policy reason or a call limit)',
      labelNames: ['code'],
      registers: [registry],
    }),
  };
}

/**
 * Registers `connector_push_streams`: the widgets' event streams (`GET /api/v1/agent/events`) open on this instance
 * now, read from `count` at scrape time. Unlike the store gauges it is this instance's own: aggregate with sum().
 */
export function registerPushStreamsGauge(registry: Registry, count: () => number): void {
  new Gauge({
    name: 'connector_push_streams',
    help: 'Event streams to signed-in widgets open on this instance',
    registers: [registry],
    collect() {
      this.set(count());
    },
  });
}
