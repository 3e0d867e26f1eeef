import type { SipAccount } from '../phone/sip-account.js';

/**
 * Whether the phone must register anew to use `after` instead of `before`: another address, server, display name,
 * caller id (sent with every call the phone places) or ICE servers, a switch between a password and time-limited
 * credentials, or another long-term password or auth user. Fresh time-limited credentials for the same user are not
 * a change: the phone takes them in place (`SoftPhone.updateCredentials`).
 */
export function needsNewRegistration(before: SipAccount, after: SipAccount): boolean {
  const limited = Boolean(after.credentialsExpireAt);
  if (Boolean(before.credentialsExpireAt) !== limited) return true;
  const same =
    before.aor === after.aor &&
    before.wsServer === after.wsServer &&
    before.displayName === after.displayName &&
    (before.callerId ?? null) === (after.callerId ?? null) &&
    JSON.stringify(before.iceServers) === JSON.stringify(after.iceServers);
  if (!same) return true;
  // Time-limited credentials are `<expiry>:<auth user>`; only the user part names the account.
  if (limited) return authUser(before) !== authUser(after);
  return before.authorizationUsername !== after.authorizationUsername || before.authorizationPassword !== after.authorizationPassword;
}

function authUser(account: SipAccount): string {
  const name = account.authorizationUsername;
  return name.slice(name.indexOf(':') + 1);
}
