import { isHttpsOriginUnder, isLoopbackOrigin, parseOrigin } from '../host-origin.js';

/** True for HubSpot's app origins (`https://app.hubspot.com`, `https://app-eu1.hubspot.com`, ...). */
export function isHubSpotOrigin(origin: string, allowLoopback = false): boolean {
  const url = parseOrigin(origin);
  if (url === null) return false;
  return isHttpsOriginUnder(url, ['hubspot.com']) || (allowLoopback && isLoopbackOrigin(url));
}
