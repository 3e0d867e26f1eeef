import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SecretBox } from '../../secrets/secret-box.js';

/** The CRMs an agent can sign in with. */
export type SignInCrm = 'salesforce' | 'hubspot';

/**
 * What the connector needs back when the CRM redirects to the callback, carried in the OAuth `state` parameter
 * itself, so no instance keeps anything between the start and the callback (any instance may serve either).
 */
export interface OAuthState {
  readonly crm: SignInCrm;
  /** The PKCE verifier, or null for a CRM sign-in without PKCE. */
  readonly verifier: string | null;
  /** Where the result page posts its message (`window.opener.postMessage(..., returnOrigin)`). */
  readonly returnOrigin: string;
  /** When the state stops being accepted, ms since the epoch. */
  readonly exp: number;
  /** Random, so no two states are alike even for the same agent and second. */
  readonly nonce: string;
}

/** Why a `state` was refused; `returnOrigin` is known (and trusted) only when the state itself was authentic. */
export type OAuthStateReading =
  | { readonly ok: true; readonly state: OAuthState }
  | { readonly ok: false; readonly problem: 'unreadable' | 'expired' | 'other-crm'; readonly returnOrigin: string | null };

/** A sign-in has ten minutes from the start to the callback: time to type a password and a second factor. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

const CONTEXT = 'oauth-state';

const stateSchema = z.object({
  crm: z.enum(['salesforce', 'hubspot']),
  verifier: z.string().min(43).max(128).nullable(),
  returnOrigin: z.string().min(1).max(300),
  exp: z.number().int().positive(),
  nonce: z.string().min(16).max(64),
});

/** The parts of {@link SecretBox} a state needs (any keyring that seals and opens). */
export type StateBox = Pick<SecretBox, 'seal' | 'open'>;

/**
 * Seals a new state: AES-256-GCM under the connector's secrets key (context `oauth-state`, so no other sealed value
 * can pass for one), then base64url so it travels in a URL untouched. The PKCE verifier inside stays secret from the
 * browser and the CRM, which both see the state.
 */
export function sealOAuthState(
  box: StateBox,
  args: { crm: SignInCrm; verifier: string | null; returnOrigin: string },
  now: number,
): string {
  const state: OAuthState = { ...args, exp: now + OAUTH_STATE_TTL_MS, nonce: randomBytes(16).toString('base64url') };
  return Buffer.from(box.seal(JSON.stringify(state), CONTEXT), 'utf8').toString('base64url');
}

/**
 * Opens a state handed back to the `crm` callback. Promises: `ok` only for a state this connector sealed (under any
 * key of its ring), unaltered, not past `exp`, and started for the same CRM; never throws.
 */
export function readOAuthState(box: StateBox, text: string, crm: SignInCrm, now: number): OAuthStateReading {
  let state: OAuthState;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(box.open(Buffer.from(text, 'base64url').toString('utf8'), CONTEXT)));
    if (!parsed.success) return { ok: false, problem: 'unreadable', returnOrigin: null };
    state = parsed.data;
  } catch {
    return { ok: false, problem: 'unreadable', returnOrigin: null };
  }
  if (state.crm !== crm) return { ok: false, problem: 'other-crm', returnOrigin: state.returnOrigin };
  if (now >= state.exp) return { ok: false, problem: 'expired', returnOrigin: state.returnOrigin };
  return { ok: true, state };
}
