import type { Logger } from 'pino';
import { AppError } from '../../errors/app-error.js';
import type { Agent, Store } from '../../store/store.js';
import type { CrmIdentity, CrmSignIn } from './crm-sign-in.js';
import { readOAuthState, sealOAuthState, type OAuthStateReading, type StateBox } from './oauth-state.js';
import { createPkcePair } from './pkce.js';
import { allowedReturnOrigin } from './return-origin.js';
import type { SessionIssuer } from './session-issuer.js';
import { signInResultPage, type SignInOutcome, type SignInPage } from './sign-in-result-page.js';
import { AuditLog } from '../../services/audit-log.js';

/** What the CRM's redirect brought to the callback, as the route validated it. */
export interface CallbackQuery {
  readonly code?: string | undefined;
  readonly state?: string | undefined;
  readonly error?: string | undefined;
}

export interface CrmSignInFlowDeps {
  readonly signIn: CrmSignIn;
  readonly box: StateBox;
  readonly store: Store;
  readonly sessions: SessionIssuer;
  /** Where a result may be posted: the connector's own origin and the configured CRM origins. */
  readonly returnOrigins: readonly string[];
  readonly logger?: Logger;
  readonly now: () => number;
}

const DECLINED = new Set(['access_denied', 'access-denied']);

/**
 * One CRM's sign-in from the widget's popup to a session: `start` sends the browser to the CRM with a sealed state
 * (and PKCE), `callback` checks the state, has the CRM identify the user, finds the agent by its CRM user id and
 * issues a session, answering the result page either way.
 *
 * Promises: a session only for an enabled agent whose `crmUserId` is the CRM user's; the result is posted only to the
 * origin the state carries, which `start` checked; every sign-in and every refusal at the callback is audited
 * (`session.sign-in`, `session.sign-in.refused`, details `{method, crmUserId?, code?}`) and logged, never a token.
 */
export class CrmSignInFlow {
  private readonly audit: AuditLog;

  constructor(private readonly deps: CrmSignInFlowDeps) {
    this.audit = new AuditLog({ store: deps.store, now: deps.now });
  }

  /** The CRM's authorize URL to redirect to, or the page saying why not (`returnValue` is not a trusted origin). */
  start(returnValue: string): { readonly redirect: string } | { readonly page: SignInPage } {
    const { signIn, box, now } = this.deps;
    const returnOrigin = allowedReturnOrigin(returnValue, this.deps.returnOrigins);
    if (returnOrigin === null) {
      const message = 'This sign-in was started from a page the connector does not serve; open the softphone from your CRM and sign in there.';
      return { page: this.page({ kind: 'error', code: 'VALIDATION_FAILED', message }, null) };
    }
    const pkce = signIn.usesPkce ? createPkcePair() : null;
    const state = sealOAuthState(box, { crm: signIn.crm, verifier: pkce?.verifier ?? null, returnOrigin }, now());
    return { redirect: signIn.authorizeUrl({ state, codeChallenge: pkce?.challenge ?? null }) };
  }

  async callback(query: CallbackQuery): Promise<SignInPage> {
    const { signIn } = this.deps;
    const reading: OAuthStateReading =
      query.state === undefined
        ? { ok: false, problem: 'unreadable', returnOrigin: null }
        : readOAuthState(this.deps.box, query.state, signIn.crm, this.deps.now());
    if (!reading.ok) {
      return this.refuse(new AppError('SIGN_IN_FAILED', stateProblem(reading.problem)), reading.returnOrigin);
    }
    const { returnOrigin, verifier } = reading.state;
    if (query.error !== undefined) {
      const word = /^[A-Za-z_-]{1,40}$/.test(query.error) ? query.error : 'error';
      const message = DECLINED.has(query.error)
        ? `You declined to let the softphone use your ${signIn.label} identity, so you are not signed in. To sign in, start again and choose Allow.`
        : `${signIn.label} stopped the sign-in (${word}); close this window and sign in again, or ask an admin if it keeps happening.`;
      return this.refuse(new AppError('SIGN_IN_FAILED', message, { crmCode: word }), returnOrigin);
    }
    if (query.code === undefined) {
      const message = `${signIn.label} sent no sign-in code; close this window and sign in again from the softphone.`;
      return this.refuse(new AppError('SIGN_IN_FAILED', message), returnOrigin);
    }
    let identity: CrmIdentity;
    try {
      identity = await signIn.identify({ code: query.code, verifier });
    } catch (error) {
      if (error instanceof AppError) return this.refuse(error, returnOrigin);
      throw error;
    }
    const agent = await this.agentOf(identity);
    if (agent === null) {
      const message = `Your ${signIn.label} user${identity.username ? ` (${identity.username})` : ''} has no agent profile on the connector; ask an admin to add you with CRM user id ${identity.crmUserId}.`;
      return this.refuse(new AppError('NO_AGENT_FOR_CRM_USER', message), returnOrigin, identity);
    }
    if (agent.disabled) return this.refuse(new AppError('AGENT_DISABLED'), returnOrigin, identity, agent);
    return this.signIn(agent, identity, returnOrigin);
  }

  private async agentOf(identity: CrmIdentity): Promise<Agent | null> {
    for (const id of identity.lookupIds) {
      const agent = await this.deps.store.agentByCrmUserId(id);
      if (agent) return agent;
    }
    return null;
  }

  private async signIn(agent: Agent, identity: CrmIdentity, returnOrigin: string): Promise<SignInPage> {
    const method = this.deps.signIn.crm;
    const session = await this.deps.sessions.issue({ agent, method });
    await this.audit.record({
      actor: `agent:${agent.id}`,
      action: 'session.sign-in',
      target: agent.id,
      outcome: 'ok',
      details: { method, crmUserId: identity.crmUserId },
    });
    this.deps.logger?.info({ agentId: agent.id, method }, 'agent signed in with the CRM');
    const outcome: SignInOutcome = {
      kind: 'session',
      token: session.token,
      expiresAt: new Date(session.expiresAt).toISOString(),
      refreshUntil: new Date(session.maxAgeAt).toISOString(),
      agent: { id: agent.id, name: agent.name, role: agent.role },
    };
    return this.page(outcome, returnOrigin);
  }

  private async refuse(error: AppError, returnOrigin: string | null, identity?: CrmIdentity, agent?: Agent): Promise<SignInPage> {
    const method = this.deps.signIn.crm;
    await this.audit.record({
      actor: 'system',
      action: 'session.sign-in.refused',
      target: agent?.id ?? null,
      outcome: 'refused',
      details: { method, ...(identity ? { crmUserId: identity.crmUserId } : {}), code: error.code },
    });
    this.deps.logger?.warn({ method, code: error.code, ...error.details, ...(agent ? { agentId: agent.id } : {}) }, error.message);
    return this.page({ kind: 'error', code: error.code, message: error.message }, returnOrigin);
  }

  private page(outcome: SignInOutcome, returnOrigin: string | null): SignInPage {
    return signInResultPage({ outcome, returnOrigin, crmLabel: this.deps.signIn.label });
  }
}

function stateProblem(problem: 'unreadable' | 'expired' | 'other-crm'): string {
  switch (problem) {
    case 'expired':
      return 'This sign-in took more than 10 minutes; close this window and sign in again from the softphone.';
    case 'other-crm':
      return 'This sign-in was started for another CRM; close this window and sign in again from the softphone.';
    case 'unreadable':
      return 'This sign-in link is not valid (it was changed, or started on another connector); close this window and sign in again from the softphone.';
  }
}
