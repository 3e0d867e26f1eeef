import fc from 'fast-check';
import type { SessionTokens } from '../../../connector/src/auth/session-tokens.js';
import type { Store } from '../../../connector/src/store/store.js';
import { unsigned, withPayload, withSignatureFlipped } from './forged-tokens.js';
import { AGENTS, type SecurityRig } from './security-rig.js';

/** Credentials a fuzzed request may carry, by name; the value is filled in when it is sent (sessions change). */
export const CREDENTIAL_NAMES = [
  'agentA',
  'agentB',
  'adminAgent',
  'adminToken',
  'keyOfA',
  'disabled',
  'expired',
  'foreignKey',
  'deleted',
  'tamperedA',
  'unsignedA',
  'flippedA',
] as const;
export type CredentialName = (typeof CREDENTIAL_NAMES)[number];

/** Where a credential goes in a generated request: replaced by its current value just before sending. */
export const slot = (name: CredentialName) => `@@${name}@@`;
export const credentialName = fc.constantFrom(...CREDENTIAL_NAMES);

/**
 * The credentials of a rig, kept current: agent A's and B's sessions are issued again after a fuzzed sign-out ended
 * them, so valid sessions stay in play for the whole run.
 */
export class CredentialPool {
  readonly #values = new Map<CredentialName, string>();
  readonly #everIssued = new Set<string>();

  private constructor(
    private readonly sessions: SessionTokens,
    private readonly store: Store,
  ) {}

  static async of(rig: SecurityRig): Promise<CredentialPool> {
    const pool = new CredentialPool(rig.sessions, rig.store);
    const c = rig.credential;
    for (const name of ['adminAgent', 'adminToken', 'keyOfA', 'disabled', 'expired', 'foreignKey', 'deleted'] as const) pool.#set(name, c[name]!);
    await pool.renew();
    return pool;
  }

  /** Issues A's and B's sessions again (after a sign-out, or any change of their epoch). */
  async renew(): Promise<void> {
    for (const [name, id] of [['agentA', AGENTS.a], ['agentB', AGENTS.b]] as const) {
      const agent = await this.store.agentById(id);
      if (!agent) throw new Error(`agent ${id} is gone: the fuzz run must not delete agents`);
      this.#set(name, (await this.sessions.issue({ agent, method: 'key' })).token);
    }
    const a = this.#values.get('agentA')!;
    this.#set('tamperedA', withPayload(a, { sub: AGENTS.b }));
    this.#set('unsignedA', unsigned(a));
    this.#set('flippedA', withSignatureFlipped(a));
  }

  #set(name: CredentialName, value: string): void {
    this.#values.set(name, value);
    this.#everIssued.add(value);
  }

  /** `text` with every credential slot replaced by the credential's current value. */
  fill(text: string): string {
    return text.replace(/@@(\w+)@@/g, (whole, name: string) => this.#values.get(name as CredentialName) ?? whole);
  }

  /** The credential's value right now. */
  current(name: CredentialName): string {
    const value = this.#values.get(name);
    if (value === undefined) throw new Error(`no credential ${name}`);
    return value;
  }

  /** Every credential value this pool ever held, current or replaced: none may come back in an answer. */
  everIssued(): string[] {
    return [...this.#everIssued];
  }
}
