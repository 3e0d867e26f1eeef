/** The agent's SIP account as the connector hands it to the widget. */
export interface SipAccount {
  /** Address of record: `sip:alice@example.com`. */
  readonly aor: string;
  readonly authorizationUsername: string;
  readonly authorizationPassword: string;
  /** `wss://sip.example.com:8443`; `ws://` is accepted only for a loopback host (local development). */
  readonly wsServer: string;
  /** Shown to the far end in `From`; null leaves it to the SIP server. */
  readonly displayName: string | null;
  /**
   * The E.164 number the agent's calls should show (its admin's `callerId`): sent as `P-Preferred-Identity` on each
   * outbound INVITE (RFC 3325), for the SIP server to assert or ignore; absent or null leaves it to the SIP server.
   */
  readonly callerId?: string | null;
  /** STUN/TURN servers; empty by default, so nothing depends on a public STUN server unless configured. */
  readonly iceServers: readonly { readonly urls: string | readonly string[]; readonly username?: string; readonly credential?: string }[];
  /**
   * ISO time when time-limited (ephemeral) credentials stop working; absent or null for a long-lived password. The
   * widget asks for fresh ones before then and hands them to `SoftPhone.updateCredentials`.
   */
  readonly credentialsExpireAt?: string | null;
}
