import type { HubSpotCallingSettings } from '../../../connector/src/crm/hubspot/hubspot-calling-settings-schema.js';

/** What the calling-settings tests register: an app, its developer API key (a made-up one) and the example settings. */
export const APP_ID = '4081234';
export const PATH = `/crm/v3/extensions/calling/${APP_ID}/settings`;
export const DEVELOPER_API_KEY = 'a1b2c3d4-e5f6-4789-8abc-0123456789ab';
export const TEMPLATE = 'manifests/hubspot/calling-extension.json';

/** The rendered calling-extension.json of the example deployment. */
export const SETTINGS: HubSpotCallingSettings = {
  name: 'Click-to-Call',
  url: 'https://cti.example.com/widget/?host=hubspot',
  width: 400,
  height: 600,
  isReady: true,
  supportsCustomObjects: false,
  supportsInboundCalling: true,
  usesCallingWindow: false,
  usesRemote: true,
};
