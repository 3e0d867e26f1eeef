import type { DeploymentConfig } from './deployment-config.js';
import { secureUrl } from './secure-url.js';
import { childElements, childText, childTexts, type XmlElement } from './xml-document.js';

/** A CSP Trusted Site as the cross-file checks need it: which origin it trusts and for which directives. */
export interface TrustedSite {
  readonly origin: string;
  readonly active: boolean;
  readonly frame: boolean;
  readonly connect: boolean;
}

/** What one metadata file contributes to the checks that span files. */
export interface ShapeFindings {
  readonly problems: string[];
  readonly trustedSite?: TrustedSite;
  /** Custom label names, for matching `CustomLabel` members in package.xml. */
  readonly labels?: string[];
}

/**
 * The checks on one file's content that decide whether the deployed product works: where the call center points, what
 * the CSP and the connected app trust, the API version. Messages are without the file name, which the caller adds.
 */
export function checkShape(type: string, root: XmlElement, config: DeploymentConfig, member: string): ShapeFindings {
  const problems = apiVersionProblems(root, config);
  switch (type) {
    case 'CallCenter':
      return { problems: [...problems, ...callCenterProblems(root, config, member)] };
    case 'CspTrustedSite':
      return cspTrustedSite(root, problems);
    case 'ConnectedApp':
      return { problems: [...problems, ...connectedAppProblems(root, config)] };
    case 'CustomLabels':
      return customLabels(root, problems);
    default:
      return { problems };
  }
}

function apiVersionProblems(root: XmlElement, config: DeploymentConfig): string[] {
  return childTexts(root, 'apiVersion')
    .filter((version) => version !== config.salesforceApiVersion)
    .map((version) => `apiVersion is ${version}, not the deployment's ${config.salesforceApiVersion} (use {{SALESFORCE_API_VERSION}})`);
}

function callCenterProblems(root: XmlElement, config: DeploymentConfig, member: string): string[] {
  const items = new Map<string, string>();
  for (const section of childElements(root, 'sections')) {
    for (const item of childElements(section, 'items')) {
      const name = childText(item, 'name');
      if (name !== undefined) items.set(name, childText(item, 'value') ?? '');
    }
  }
  const problems: string[] = [];
  const widgetUrl = `${config.connectorUrl}/widget/`;
  const adapterUrl = items.get('reqAdapterUrl');
  if (adapterUrl === undefined) problems.push('the call center has no reqAdapterUrl item');
  else if (secureUrl(adapterUrl) === null) problems.push(`reqAdapterUrl "${adapterUrl}" is not an https URL`);
  else if (adapterUrl !== widgetUrl) problems.push(`reqAdapterUrl is "${adapterUrl}", not the widget "${widgetUrl}"`);
  const topLevelUrl = childText(root, 'adapterUrl');
  if (topLevelUrl !== undefined && topLevelUrl !== widgetUrl) problems.push(`adapterUrl is "${topLevelUrl}", not the widget "${widgetUrl}"`);
  const mode = items.get('reqSalesforceCompatibilityMode');
  if (mode !== 'Lightning') problems.push(`reqSalesforceCompatibilityMode is ${mode ?? 'missing'}, not Lightning`);
  const internalName = items.get('reqInternalName');
  // The file's name is the call center's API name; Salesforce's own exports keep the internal name equal to it.
  if (internalName !== member) problems.push(`reqInternalName is ${internalName ?? 'missing'}, not ${member} (the file's name)`);
  for (const size of ['reqSoftphoneHeight', 'reqSoftphoneWidth']) {
    const value = items.get(size);
    if (value === undefined || !/^[1-9][0-9]*$/.test(value)) problems.push(`${size} is ${value ?? 'missing'}, not a size in pixels`);
  }
  return problems;
}

function cspTrustedSite(root: XmlElement, problems: string[]): ShapeFindings {
  const endpoint = childText(root, 'endpointUrl') ?? '';
  const url = secureUrl(endpoint, ['https:', 'wss:']);
  if (url === null) return { problems: [...problems, `endpointUrl "${endpoint}" is not an https or wss URL`] };
  const isTrue = (tag: string) => childText(root, tag) === 'true';
  const active = isTrue('isActive');
  return {
    problems: [...problems, ...(active ? [] : ['the trusted site is not active (isActive must be true)'])],
    trustedSite: { origin: url.origin, active, frame: isTrue('isApplicableToFrameSrc'), connect: isTrue('isApplicableToConnectSrc') },
  };
}

function connectedAppProblems(root: XmlElement, config: DeploymentConfig): string[] {
  const [oauth] = childElements(root, 'oauthConfig');
  if (oauth === undefined) return ['the connected app has no oauthConfig'];
  const callbacks = childTexts(oauth, 'callbackUrl').flatMap((text) => text.split(/\s+/).filter(Boolean));
  const problems = callbacks.filter((url) => secureUrl(url) === null).map((url) => `callbackUrl "${url}" is not https`);
  const expected = `${config.connectorUrl}/auth/salesforce/callback`;
  if (!callbacks.includes(expected)) problems.push(`callbackUrl does not include the connector's ${expected}`);
  return problems;
}

function customLabels(root: XmlElement, problems: string[]): ShapeFindings {
  const labels = childElements(root, 'labels');
  const missing = labels.filter((label) => !childText(label, 'fullName') || !childText(label, 'value'));
  return {
    problems: [...problems, ...(missing.length > 0 ? [`${missing.length} label(s) without a fullName or value`] : [])],
    labels: labels.map((label) => childText(label, 'fullName') ?? ''),
  };
}
