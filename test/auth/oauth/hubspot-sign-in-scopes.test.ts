import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HUBSPOT_SIGN_IN_SCOPES } from '../../../connector/src/auth/oauth/hubspot-sign-in.js';

const APP_FILE = fileURLToPath(new URL('../../../manifests/hubspot/src/app/app-hsmeta.json', import.meta.url));

describe('HubSpot sign-in scopes', () => {
  it('asks for exactly the scopes the marketplace app requires, or HubSpot refuses the authorize page', () => {
    const app = JSON.parse(readFileSync(APP_FILE, 'utf8')) as { config: { auth: { requiredScopes: string[] } } };
    assert.deepEqual([...HUBSPOT_SIGN_IN_SCOPES].sort(), [...app.config.auth.requiredScopes].sort());
  });
});
