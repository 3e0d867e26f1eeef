import { randomBytes } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ExportTickets } from '../auth/export-tickets.js';
import { SessionTokens, type SignInMethod } from '../auth/session-tokens.js';
import type { Config } from '../config/config.js';
import type { CrmAdapter } from '../crm/crm-adapter.js';
import type { DemoCrmDb } from '../crm/demo/demo-crm-db.js';
import { registerPushStreamsGauge, type Metrics } from '../observability/metrics.js';
import { registerStoreGauges } from '../observability/store-gauges.js';
import { CONSOLE_DIST_DIR, WIDGET_DIST_DIR } from '../paths.js';
import type { AgentPush } from '../push/agent-push.js';
import { LocalAgentPush } from '../push/local-agent-push.js';
import { pushPublisher } from '../push/push-publisher.js';
import { screenPopper } from '../push/screen-pop.js';
import { SecretBox } from '../secrets/secret-box.js';
import { AgentSipAccounts } from '../services/agent-sip-accounts.js';
import type { TenantCallLimits } from '../services/call-limits.js';
import type { NumberService } from '../services/number-service.js';
import { DEFAULT_SOFTPHONE_SETTINGS, type SoftphoneSettings } from '../services/softphone-settings.js';
import { TenantPolicy } from '../services/tenant-policy.js';
import type { Store } from '../store/store.js';
import { adminRoutes } from './admin-routes.js';
import { requireSession } from './agent-auth.js';
import { agentApiCors } from './api-cors.js';
import { agentEventsRoutes } from './agent-events-routes.js';
import { agentSettingsRoutes } from './agent-settings-routes.js';
import { callBeaconRoutes } from './call-beacon-routes.js';
import { callRoutes } from './call-routes.js';
import { consoleSite } from './console-site.js';
import { demoCrmSite } from './demo-crm-site.js';
import { errorHandler, notFound } from './error-handler.js';
import { healthRoutes } from './health-routes.js';
import { numberRoutes } from './number-routes.js';
import { oauthRoutes } from './oauth-routes.js';
import { presenceRoutes } from './presence-routes.js';
import { agentApiLimiter, ipApiLimiter, signInLimiter } from './rate-limits.js';
import { requestObserver } from './request-observer.js';
import { requireJson } from './require-json.js';
import { securityHeaders } from './security-headers.js';
import { signInRoutes } from './sign-in-routes.js';
import { softphonePagePolicy } from './softphone-page-policy.js';
import { widgetSite } from './widget-site.js';

/** Where the agent API lives under `/api/v1`: every route here acts as the signed-in agent. */
const AGENT_ROUTES = ['/resolve', '/lookup', '/records', '/calls', '/agent'];
/** The agent API plus the sign-in routes: what a CRM page may call cross-origin. */
const CROSS_ORIGIN_ROUTES = [...AGENT_ROUTES, '/auth'];

/** Generous limits for tests that leave them out: nothing in a test run comes near. */
export const NO_CALL_LIMITS: TenantCallLimits = { callsPerMinute: 1_000_000, callsPerDay: 1_000_000, concurrentCalls: 1_000_000 };

/** `HEARTBEAT_TIMEOUT_MS`'s default, for apps built without it. */
const DEFAULT_HEARTBEAT_TIMEOUT_MS = 90_000;

const passThrough: RequestHandler = (_req, _res, next) => next();

/** Request rate limiters; each left out lets every request through. */
export interface AppLimiters {
  /** Per client IP, on the sign-in routes. */
  readonly signIn?: RequestHandler;
  /** Per client IP, in front of the agent API's session check, so a flood of bad tokens is cut off. */
  readonly apiPerIp?: RequestHandler;
  /** Per agent, after the session check. */
  readonly apiPerAgent?: RequestHandler;
}

export interface AppDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly store: Store;
  readonly crm: CrmAdapter;
  readonly numbers: NumberService;
  readonly bodyLimitBytes: number;
  /** The demo CRM's pages, served at `/` when the connector runs on the demo CRM. */
  readonly demoCrm: DemoCrmDb | null;
  readonly isShuttingDown: () => boolean;
  /** The admin API's bootstrap bearer token; null leaves the admin API to agents whose role is `admin`. */
  readonly adminToken: string | null;
  /** Called with the number of calls that just ended, so the outbox can send a full batch at once. */
  readonly onCallsEnded: (count: number) => void;
  /** Called when an admin replays a dead letter. */
  readonly onReplay: () => void;
  /**
   * Signs and verifies agents' session tokens. `main.ts` passes one keyed by the secrets keys; left out (tests), one
   * with a random key, 15-minute tokens and a 12-hour maximum age is made, so its tokens are valid only in this app.
   */
  readonly sessionTokens?: SessionTokens;
  /**
   * Signs and checks the calls-export download links. `main.ts` passes one keyed by the secrets keys (as the session
   * tokens are); left out (tests), one with a random key is made, so its links work only in this app.
   */
  readonly exportTickets?: ExportTickets;
  /**
   * Seals agents' SIP passwords at rest. `main.ts` passes the one keyed by `SECRETS_KEY` or the key file (with the
   * previous keys of a rotation); left out (tests), a box with a random key is made, so what it sealed is readable only
   * by this app.
   */
  readonly secretBox?: SecretBox;
  /** The tenant's softphone settings; the configuration's defaults when left out. */
  readonly softphone?: SoftphoneSettings;
  /** Where the built widget is; `dist/widget` when left out. */
  readonly widgetDir?: string;
  /** Where the built admin console is; `dist/console` when left out. */
  readonly consoleDir?: string;
  /** The clock of the admin API, widget presence and screen pops (audit times, presence TTL, default usage range, a ringing event's age); `Date.now` when left out. */
  readonly now?: () => number;
  /** The widget page may load Open CTI from a loopback Salesforce stand-in (`Config.loopbackSalesforce`). */
  readonly loopbackSalesforce?: boolean;
  /**
   * `Config.crmOrigins`: the CRM pages that may frame the widget and call the agent API cross-origin; none when left
   * out (only the connector's own pages).
   */
  readonly crmOrigins?: readonly string[];
  /** The sign-ins `GET /api/v1/auth/methods` offers besides the sign-in key (which is always offered). */
  readonly signInMethods?: readonly SignInMethod[];
  /** `Config.ephemeralSipSecret`: lets agents have ephemeral SIP accounts; null or left out, none may. */
  readonly ephemeralSipSecret?: string | null;
  /**
   * The tenant call policy and default call limits in effect (an admin's, else the configuration's), which the admin
   * API shows and changes. Give the same one the `numbers` service reads its policy from (`policySource`). Left out,
   * one is made from `numbers.configuredPolicy` and `callLimits`.
   */
  readonly tenantPolicy?: TenantPolicy;
  /** `Config.callLimits`: the tenant's call limits per agent, when `tenantPolicy` is left out; effectively none when both are. */
  readonly callLimits?: TenantCallLimits;
  /** `Config.outbox.heartbeatTimeoutMs`: how long a silent call counts as in progress (`connector_calls_in_progress`); 90 s when left out. */
  readonly heartbeatTimeoutMs?: number;
  /** `Config.rateLimits`: the per-IP and per-agent request limits (`rate-limits.ts`); none when left out. */
  readonly rateLimits?: Config['rateLimits'];
  /** Rate limiters to use instead of those `rateLimits` makes (a test's stand-ins). */
  readonly limiters?: AppLimiters;
  /**
   * The CRM sign-ins' settings: `Config.signIn`, the connector's public URL (PUBLIC_URL, else http://HOST:PORT: where
   * the CRMs send the popup back) and the CRM request timeout. Left out, `/auth/{salesforce,hubspot}/*` is not served.
   */
  readonly crmSignIn?: { readonly signIn: Config['signIn']; readonly publicUrl: string; readonly timeoutMs: number };
  /** `Config.trustProxy`: how many proxies' `X-Forwarded-For` to believe for the client IP; 0 when left out. */
  readonly trustProxy?: number;
  /**
   * The channel that carries pushes to signed-in widgets (`GET /api/v1/agent/events`) between instances: `main.ts`
   * passes a `PgAgentPush` when the store is PostgreSQL. Left out, a `LocalAgentPush` of this app alone. Whoever
   * passes one closes it (before closing the server: open event streams end then).
   */
  readonly push?: AgentPush;
}

/** Builds the Express app without listening, so tests can inject requests into a fresh app each. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? 0);
  app.use(securityHeaders());
  app.use(requestObserver(deps.logger, deps.metrics.httpRequests));
  registerStoreGauges(deps.metrics.registry, {
    store: deps.store,
    logger: deps.logger.child({ part: 'metrics' }),
    heartbeatTimeoutMs: deps.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS,
  });
  app.use(healthRoutes({ store: deps.store, crm: deps.crm, registry: deps.metrics.registry, isShuttingDown: deps.isShuttingDown }));

  const tokens = deps.sessionTokens ?? new SessionTokens({ keys: { current: randomBytes(32), previous: [] }, ttlS: 900, maxAgeS: 43_200 });
  const exportTickets = deps.exportTickets ?? new ExportTickets({ keys: { current: randomBytes(32), previous: [] } });
  const box = deps.secretBox ?? new SecretBox(randomBytes(32));
  const sipAccounts = new AgentSipAccounts({
    store: deps.store,
    box,
    softphone: deps.softphone ?? DEFAULT_SOFTPHONE_SETTINGS,
    ephemeralSecret: deps.ephemeralSipSecret ?? null,
  });
  const session = { tokens, store: deps.store };
  const intake = { store: deps.store, onEnded: deps.onCallsEnded };
  const limiters = deps.limiters ?? (deps.rateLimits ? rateLimiters(deps.rateLimits) : {});
  const tenantPolicy =
    deps.tenantPolicy ?? new TenantPolicy({ store: deps.store, configured: { callPolicy: deps.numbers.configuredPolicy, callLimits: deps.callLimits ?? NO_CALL_LIMITS } });
  const pushLogger = deps.logger.child({ part: 'push' });
  const push = deps.push ?? new LocalAgentPush({ onListenerError: (error) => pushLogger.error({ err: error }, 'a push subscriber failed') });
  const publish = pushPublisher(push, pushLogger);
  registerPushStreamsGauge(deps.metrics.registry, () => push.subscriberCount);

  const api = express.Router();
  // CORS first, so a preflight (which carries no token) is answered before the session check refuses it.
  api.use(CROSS_ORIGIN_ROUTES, agentApiCors(deps.crmOrigins ?? []));
  api.use(AGENT_ROUTES, limiters.apiPerIp ?? passThrough);
  // Before the JSON-only guard: the one route that takes text/plain (navigator.sendBeacon cannot send JSON
  // cross-origin). It checks the session token its body carries.
  api.use(callBeaconRoutes({ ...intake, ...session, bodyLimitBytes: deps.bodyLimitBytes, ...(limiters.apiPerAgent ? { agentLimiter: limiters.apiPerAgent } : {}) }));
  api.use(requireJson);
  api.use(express.json({ limit: deps.bodyLimitBytes, strict: true }));
  api.use(signInRoutes({ ...session, methods: deps.signInMethods ?? [], signInLimiter: limiters.signIn ?? passThrough, publish }));
  api.use(AGENT_ROUTES, requireSession(session), limiters.apiPerAgent ?? passThrough);
  api.use(numberRoutes({ numbers: deps.numbers, store: deps.store, tenantPolicy, onRefused: (code) => deps.metrics.dialsRefused.inc({ code }) }));
  const clock = deps.now ? { now: deps.now } : {};
  api.use(callRoutes({ ...intake, screenPop: screenPopper({ numbers: deps.numbers, publish, logger: pushLogger, ...clock }) }));
  api.use(agentSettingsRoutes({ sipAccounts, tokens }));
  api.use(agentEventsRoutes({ push, ...clock }));
  api.use(presenceRoutes({ store: deps.store, ...clock }));
  api.use(
    '/admin',
    adminRoutes({ store: deps.store, sipAccounts, box, tokens, exportTickets, tenantPolicy, adminToken: deps.adminToken, onReplay: deps.onReplay, publish, ...clock }),
  );
  api.use(notFound);
  app.use('/api/v1', api);

  if (deps.crmSignIn) {
    const { signIn, publicUrl, timeoutMs } = deps.crmSignIn;
    // The sign-in runs in a popup that must keep its `window.opener` across every page it passes, this redirect
    // included: any opener policy stricter than unsafe-none would move it to another browsing context group.
    app.use('/auth', (_req, res, next) => {
      res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
      next();
    });
    app.use('/auth', limiters.signIn ?? passThrough);
    app.use(
      oauthRoutes({
        store: deps.store,
        sessions: tokens,
        box,
        publicUrl,
        connectorOrigin: new URL(publicUrl).origin,
        crmOrigins: deps.crmOrigins ?? [],
        salesforce: signIn.salesforce,
        hubspot: signIn.hubspot,
        timeoutMs,
        logger: deps.logger.child({ part: 'sign-in' }),
      }),
    );
  }

  app.use('/admin', consoleSite(deps.consoleDir ?? CONSOLE_DIST_DIR));
  app.use('/widget', widgetSite(deps.widgetDir ?? WIDGET_DIST_DIR, { crmOrigins: deps.crmOrigins ?? [], loopbackSalesforce: deps.loopbackSalesforce ?? false }));
  // The demo CRM's pages embed the softphone with one script tag, so they need its WebSocket and audio allowances.
  if (deps.demoCrm) app.use(softphonePagePolicy(), demoCrmSite(deps.demoCrm, deps.numbers));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}

function rateLimiters(limits: Config['rateLimits']): AppLimiters {
  return {
    signIn: signInLimiter({ perMinute: limits.signInPerMinute }),
    apiPerIp: ipApiLimiter({ perMinute: limits.apiPerMinute }),
    apiPerAgent: agentApiLimiter({ perMinute: limits.apiPerMinute }),
  };
}
