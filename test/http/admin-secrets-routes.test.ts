import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { SecretBox, secretsKeyId, type SealedSecret } from '../../connector/src/secrets/secret-box.js';
import type { StoredSipAccount } from '../../connector/src/store/store.js';
import { buildTestApp, closeTestApps, signIn } from './test-app.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const PASSWORDS: Record<string, string> = { maria: 'Maria-Qz8!vK3#pL', omar: 'Omar-Wt5@xN7$rB', lena: 'Lena-Hy2%cM9&sD' };

function account(sealedPassword: string): StoredSipAccount {
  return { kind: 'password', username: '1001', domain: null, authUser: null, sealedPassword: sealedPassword as SealedSecret, displayName: null, wsServer: null };
}

/**
 * A connector after a key rotation: it seals with `newKey` and still reads `oldKey`. Maria's and Omar's passwords were
 * sealed with the old key, Lena's with the new one already, and Ghost's with a key the connector never had.
 */
async function rotatedApp() {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const built = buildTestApp({ adminToken: ADMIN, secretBox: new SecretBox(newKey, [oldKey]), softphone: { sipDomain: 'pbx.example.test', wsServer: 'wss://sip.example.test', iceServers: [], heartbeatIntervalS: 30, dispositions: ['Connected'] } });
  const sealers: Record<string, SecretBox> = { maria: new SecretBox(oldKey), omar: new SecretBox(oldKey), lena: new SecretBox(newKey), ghost: new SecretBox(randomBytes(32)) };
  for (const [id, sealer] of Object.entries(sealers)) {
    const sip = account(sealer.seal(PASSWORDS[id] ?? 'Ghost-Pw4#zz9!Lq', `agent-sip:${id}`));
    await built.store.createAgent({ id, name: id, crmUserId: null, disabled: false, tokenHash: newSignInKey().hash, sip });
  }
  return { ...built, oldKey, newKey };
}

const reseal = (app: Parameters<typeof request>[0], token = ADMIN) =>
  request(app).post('/api/v1/admin/secrets/reseal').set('Authorization', `Bearer ${token}`);

describe('POST /api/v1/admin/secrets/reseal', () => {
  afterEach(closeTestApps);

  it('re-seals every SIP password under the current key, names those no key opens, and is idempotent', async () => {
    const built = await rotatedApp();
    const res = await reseal(built.app);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { resealed: 2, alreadyCurrent: 1, unreadable: 1, unreadableAgents: ['ghost'] });
    const onlyNewKey = new SecretBox(built.newKey);
    for (const id of ['maria', 'omar', 'lena']) {
      const sealed = (await built.store.agentSip(id))!.sealedPassword!;
      assert.equal(sealed.split(':')[1], secretsKeyId(built.newKey), id);
      assert.equal(onlyNewKey.open(sealed, `agent-sip:${id}`), PASSWORDS[id], 'the old key is no longer needed');
    }
    const again = await reseal(built.app);
    assert.deepEqual(again.body, { resealed: 0, alreadyCurrent: 3, unreadable: 1, unreadableAgents: ['ghost'] });
  });

  it('leaves each agent its own password: the agent still gets it from its settings', async () => {
    const built = await rotatedApp();
    await reseal(built.app).expect(200);
    const settings = await request(built.app).get('/api/v1/agent/settings').set('Authorization', `Bearer ${await signIn(built, 'omar')}`);
    assert.equal(settings.status, 200);
    assert.equal(settings.body.sip.authorizationPassword, PASSWORDS.omar);
  });

  it('audits the counts, and no password or sealed value appears in the audit log or the logs', async () => {
    const built = await rotatedApp();
    const before = (await built.store.agentSip('maria'))!.sealedPassword!;
    await reseal(built.app).expect(200);
    const [entry] = await built.store.auditLog({ limit: 1 });
    const { id: _id, ...unnumbered } = entry!;
    assert.deepEqual(
      { ...unnumbered, at: 0 },
      { at: 0, actor: 'admin-token', action: 'secrets.reseal', target: null, outcome: 'ok', details: { resealed: 2, alreadyCurrent: 1, unreadable: 1, unreadableAgents: ['ghost'] } },
    );
    const after = (await built.store.agentSip('maria'))!.sealedPassword!;
    const written = JSON.stringify([built.logs, entry]);
    for (const secret of [...Object.values(PASSWORDS), before, after]) assert.ok(!written.includes(secret));
  });

  it('needs an admin: a plain agent’s session is refused with 403, no token with 401', async () => {
    const built = await rotatedApp();
    assert.equal((await reseal(built.app, await signIn(built, 'maria'))).status, 403);
    assert.equal((await request(built.app).post('/api/v1/admin/secrets/reseal')).status, 401);
    assert.equal((await built.store.agentSip('maria'))!.sealedPassword!.split(':')[1], secretsKeyId(built.oldKey), 'nothing was re-sealed');
  });

  it('answers 405 for GET and 400 for a body it does not take', async () => {
    const built = await rotatedApp();
    const get = await request(built.app).get('/api/v1/admin/secrets/reseal').set('Authorization', `Bearer ${ADMIN}`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST');
    const body = await reseal(built.app).set('Content-Type', 'application/json').send('{"all":true}');
    assert.equal(body.status, 400);
  });
});
