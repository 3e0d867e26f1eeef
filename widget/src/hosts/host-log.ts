/**
 * Where a bridge reports what a host refused or did unexpectedly. `console` fits; tests pass a recorder. Bridges
 * MUST NOT pass secrets (tokens, passwords) to it: hosts hand them none, and they must stay out of logs.
 */
export type HostLog = Pick<Console, 'debug' | 'warn' | 'error'>;
