import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { DEFAULT_DISPOSITIONS, type SoftphoneSettings } from '../../connector/src/services/softphone-settings.js';
import { buildTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export const ADMIN = 'admin-token-for-tests-0123456789abcdef';

/** The tenant settings the SIP tests run on: a WebSocket server and one TURN server configured. */
export const SOFTPHONE: SoftphoneSettings = Object.freeze({
  sipDomain: 'pbx.example.test',
  wsServer: 'wss://sip.example.test:8443',
  iceServers: Object.freeze([{ urls: 'turns:turn.example.test:5349' }]),
  heartbeatIntervalS: 30,
  dispositions: DEFAULT_DISPOSITIONS,
});

/** An app with an admin token, the settings above (or `softphone`) and a secret box the test keeps. */
export function sipApp(options: TestAppOptions = {}): TestApp & { box: SecretBox } {
  const box = options.secretBox ?? new SecretBox(randomBytes(32));
  return { ...buildTestApp({ adminToken: ADMIN, softphone: SOFTPHONE, ...options, secretBox: box }), box };
}

type App = Parameters<typeof request>[0];

export const admin = (app: App) => ({
  post: (path: string, body: unknown) =>
    request(app).post(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN}`).set('Content-Type', 'application/json').send(JSON.stringify(body)),
  put: (path: string, body: unknown) =>
    request(app).put(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN}`).set('Content-Type', 'application/json').send(JSON.stringify(body)),
  delete: (path: string) => request(app).delete(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN}`),
});

/**
 * Creates an agent through the admin API, signs it in with the sign-in key the admin got (`POST /auth/local`), and
 * returns its session token.
 */
export async function createAgent(app: App, body: Record<string, unknown>): Promise<string> {
  const res = await admin(app).post('/agents', body);
  if (res.status !== 201) throw new Error(`creating agent answered ${res.status}: ${res.text}`);
  const key = res.body.signInKey as string;
  const session = await request(app).post('/api/v1/auth/local').set('Content-Type', 'application/json').send(JSON.stringify({ key }));
  if (session.status !== 200) throw new Error(`signing the new agent in answered ${session.status}: ${session.text}`);
  return session.body.token as string;
}

/** `GET /api/v1/agent/settings` with a session token. */
export const settingsOf = (app: App, token: string) => request(app).get('/api/v1/agent/settings').set('Authorization', `Bearer ${token}`);
