import type { DeploymentConfig } from './deployment-config.js';

/** Every placeholder a template may contain, written `{{NAME}}`. Any other `{{...}}` fails the render. */
export const TOKEN_NAMES = [
  'CONNECTOR_URL',
  'CONNECTOR_ORIGIN',
  'SIP_WSS_URL',
  'SIP_WSS_ORIGIN',
  'APP_NAME',
  'CALL_CENTER_LABEL',
  'CONTACT_EMAIL',
  'SALESFORCE_API_VERSION',
  'OAUTH_CALLBACK_URL',
  'HUBSPOT_OAUTH_CALLBACK_URL',
] as const;

export type TokenName = (typeof TOKEN_NAMES)[number];

export type TemplateTokens = Readonly<Record<TokenName, string>>;

export function isTokenName(name: string): name is TokenName {
  return (TOKEN_NAMES as readonly string[]).includes(name);
}

/** The value of every token for one deployment, unescaped. The callback paths are the connector's sign-in routes. */
export function templateTokens(config: DeploymentConfig): TemplateTokens {
  return Object.freeze({
    CONNECTOR_URL: config.connectorUrl,
    CONNECTOR_ORIGIN: new URL(config.connectorUrl).origin,
    SIP_WSS_URL: config.sipWebSocketUrl,
    SIP_WSS_ORIGIN: new URL(config.sipWebSocketUrl).origin,
    APP_NAME: config.appName,
    CALL_CENTER_LABEL: config.callCenter.label,
    CONTACT_EMAIL: config.contactEmail,
    SALESFORCE_API_VERSION: config.salesforceApiVersion,
    OAUTH_CALLBACK_URL: `${config.connectorUrl}/auth/salesforce/callback`,
    HUBSPOT_OAUTH_CALLBACK_URL: `${config.connectorUrl}/auth/hubspot/callback`,
  });
}
