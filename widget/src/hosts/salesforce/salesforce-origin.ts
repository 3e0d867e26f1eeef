import { isHttpsOriginUnder, isLoopbackOrigin, parseOrigin } from '../host-origin.js';

/**
 * Domains Salesforce serves Lightning from: `*.lightning.force.com`, `*.my.salesforce.com`, `*.salesforce.com`,
 * `*.force.com` (sandboxes, Visualforce) and `*.salesforce-setup.com` (Setup).
 */
const SALESFORCE_DOMAINS = ['force.com', 'salesforce.com', 'salesforce-setup.com'] as const;

/**
 * Salesforce builds the softphone frame's URL from the call center's adapter URL plus `mode=Lightning`,
 * `sfdcIframeOrigin=<the Lightning origin>`, `nonce`, `isdtp`, `clc`... (Classic spells it `sfdcIFrameOrigin`).
 * Returns the parameter's value, or null when the widget was not opened by Salesforce.
 */
export function salesforceOriginParam(url: string): string | null {
  let search: URLSearchParams;
  try {
    search = new URL(url).searchParams;
  } catch {
    return null;
  }
  const value = search.get('sfdcIframeOrigin') ?? search.get('sfdcIFrameOrigin');
  return value === null || value === '' ? null : value;
}

/**
 * The Salesforce origin the widget may load Open CTI from and obey, or an Error an admin can act on. Only https
 * Salesforce origins pass; `allowLoopback` adds http(s) on 127.0.0.1/localhost, for tests and local demos only.
 */
export function salesforceOrigin(url: string, allowLoopback: boolean): string | Error {
  const value = salesforceOriginParam(url);
  if (value === null) {
    return new Error(
      'Salesforce did not say where it runs (no sfdcIframeOrigin in the softphone address). Open the softphone from ' +
        'the Salesforce utility bar, with the call center set to Lightning.',
    );
  }
  const parsed = parseOrigin(value);
  if (parsed !== null && (isHttpsOriginUnder(parsed, SALESFORCE_DOMAINS) || (allowLoopback && isLoopbackOrigin(parsed)))) {
    return parsed.origin;
  }
  return new Error(
    `The softphone will not connect to ${JSON.stringify(value)}: it is not an https Salesforce address ` +
      '(*.force.com, *.salesforce.com, *.salesforce-setup.com). Check the call center adapter URL.',
  );
}
