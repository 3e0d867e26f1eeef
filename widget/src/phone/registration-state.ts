/**
 * Where the agent's registration stands.
 * ```
 *   unregistered --start--> connecting --REGISTER 200--> registered
 *        ^                    |   |                        |
 *        |                    |   +--401/403--> failed      | transport lost, `online`
 *        +------stop----------+                  |          v
 *                         connecting <--backoff-- reconnecting
 * ```
 * `failed` is terminal until the account changes: retrying a refused password would only lock the account.
 */
export type RegistrationState = 'unregistered' | 'connecting' | 'registered' | 'reconnecting' | 'failed';
