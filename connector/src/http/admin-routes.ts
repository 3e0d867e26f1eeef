import { Router } from 'express';
import type { ExportTickets } from '../auth/export-tickets.js';
import type { SessionTokens } from '../auth/session-tokens.js';
import { AuditLog } from '../services/audit-log.js';
import type { AgentSipAccounts } from '../services/agent-sip-accounts.js';
import type { TenantPolicy } from '../services/tenant-policy.js';
import type { Store } from '../store/store.js';
import type { PushPublisher } from '../push/push-publisher.js';
import { adminAgentRoutes } from './admin-agent-routes.js';
import { adminAuditRoutes } from './admin-audit-routes.js';
import { adminExportRoutes, exportDownloadRoutes } from './admin-export-routes.js';
import { adminOutboxRoutes } from './admin-outbox-routes.js';
import { adminPolicyRoutes } from './admin-policy-routes.js';
import { adminSecretsRoutes } from './admin-secrets-routes.js';
import { adminSipRoutes } from './admin-sip-routes.js';
import { adminUsageRoutes } from './admin-usage-routes.js';
import { requireAdmin } from './agent-auth.js';

/** What the admin API needs: its own, plus whatever the SIP-account and secrets routers it mounts take. */
export type AdminRoutesDeps = {
  readonly store: Store;
  readonly sipAccounts: AgentSipAccounts;
  /** The bootstrap admin token; null leaves the admin API to agents whose role is `admin`. */
  readonly adminToken: string | null;
  readonly tokens: SessionTokens;
  /** Issues and checks the calls-export download links. */
  readonly exportTickets: ExportTickets;
  /** The tenant call policy in effect, which `/policy` shows and changes. */
  readonly tenantPolicy: TenantPolicy;
  /** Called when an admin replays a dead letter, so the outbox sends it without waiting. */
  readonly onReplay: () => void;
  /** Tells the agents' widgets of a change (session ended, settings changed); left out, nothing is pushed. */
  readonly publish?: PushPublisher;
  readonly now?: () => number;
} & Parameters<typeof adminSipRoutes>[0] &
  Parameters<typeof adminSecretsRoutes>[0];

/**
 * `/api/v1/admin`: agents and their SIP accounts, sign-in keys, sessions and presence, the tenant call policy, usage
 * and the calls export, the outbox, the audit log and re-sealing secrets after a key rotation. Every route needs an
 * admin (the admin token or an admin agent's session); the routers mounted here add no auth of their own. The one
 * exception is the download a calls-export link points at, mounted before the admin check: its ticket, which only an
 * admin can obtain and which expires within a minute, is its credential.
 */
export function adminRoutes(deps: AdminRoutesDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const audit = new AuditLog({ store: deps.store, now });
  router.use(exportDownloadRoutes({ tickets: deps.exportTickets, store: deps.store, audit }));
  router.use(requireAdmin({ adminToken: deps.adminToken, tokens: deps.tokens, store: deps.store }));
  router.use(adminAgentRoutes({ store: deps.store, sipAccounts: deps.sipAccounts, audit, now, publish: deps.publish }));
  router.use(adminSipRoutes(deps));
  router.use(adminOutboxRoutes({ store: deps.store, audit, onReplay: deps.onReplay, now }));
  router.use(adminAuditRoutes({ store: deps.store }));
  router.use(adminPolicyRoutes({ policy: deps.tenantPolicy, audit, now }));
  router.use(adminUsageRoutes({ store: deps.store, audit, now }));
  router.use(adminExportRoutes({ tickets: deps.exportTickets, now }));
  router.use(adminSecretsRoutes(deps));
  return router;
}
