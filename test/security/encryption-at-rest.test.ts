import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { hashToken } from '../../connector/src/auth/sign-in-key.js';
import { SecretBox, secretsKeyId } from '../../connector/src/secrets/secret-box.js';
import { databaseBytes, holdsText, tableRows, vacuum } from './support/database-bytes.js';
import { fileBackedApp, type FileBackedApp } from './support/file-backed-app.js';
import { ADMIN_TOKEN } from './support/security-rig.js';

/** Three agents with SIP passwords (and one with an ephemeral account, which stores none). */
const PASSWORDS: Readonly<Record<string, string>> = {
  alba: 'Juniper-Harbor-7734-Sable',
  bruno: 'Orchid-Falcon-2291-Umber',
  chiara: 'Meadow-Cipher-5508-Topaz',
};

type App = FileBackedApp['app'];
const admin = (app: App) => ({
  post: (p: string, body?: object) => request(app).post(`/api/v1/admin${p}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send(body),
});
const signIn = async (app: App, key: string) => (await request(app).post('/api/v1/auth/local').send({ key }).expect(200)).body.token as string;
const settingsOf = async (app: App, token: string) =>
  (await request(app).get('/api/v1/agent/settings').set('Authorization', `Bearer ${token}`).expect(200)).body as { sip: { authorizationPassword: string } };

describe('encryption at rest: the database file holds no plaintext secret', () => {
  let dir: string;
  let file: string;
  const open: FileBackedApp[] = [];
  const start = (box: SecretBox) => {
    const running = fileBackedApp(file, box);
    open.push(running);
    return running;
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'at-rest-'));
    file = path.join(dir, 'connector.sqlite');
  });
  afterEach(async () => {
    for (const running of open.splice(0)) await running.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Creates the agents through the admin API, signs each in and opens its password; returns keys and tokens. */
  async function populate(app: App) {
    const keys: Record<string, string> = {};
    const tokens: string[] = [];
    for (const [id, password] of Object.entries(PASSWORDS)) {
      const res = await admin(app).post('/agents', { id, name: id, sip: { username: `u-${id}`, password } });
      assert.equal(res.status, 201, res.text);
      keys[id] = res.body.signInKey;
      const token = await signIn(app, keys[id]!);
      tokens.push(token);
      assert.equal((await settingsOf(app, token)).sip.authorizationPassword, password, 'the password works while sealed');
    }
    await admin(app).post('/agents', { id: 'ephie', name: 'ephie' }).expect(201);
    return { keys, tokens };
  }

  it('writes sealed SIP passwords and key hashes only, in the file and its WAL, open and after closing', async () => {
    const box = new SecretBox(randomBytes(32));
    const running = start(box);
    const { keys, tokens } = await populate(running.app);
    const sealed = (await running.store.sealedSipPasswords()).map((row) => row.sealedPassword);
    assert.equal(sealed.length, 3);

    let checks = 0;
    const inspect = (moment: string) => {
      const { bytes, files } = databaseBytes(file);
      const absent = (what: string, text: string) => {
        checks++;
        assert.equal(holdsText(bytes, text), false, `${moment}: ${what} is in ${files.join(' + ')}`);
      };
      const present = (what: string, text: string) => assert.equal(holdsText(bytes, text), true, `${moment}: ${what} should be on disk (the search would see it)`);
      for (const [id, password] of Object.entries(PASSWORDS)) absent(`${id}’s SIP password`, password);
      for (const [id, key] of Object.entries(keys)) {
        absent(`${id}’s sign-in key`, key);
        present(`${id}’s sign-in key hash`, hashToken(key));
      }
      for (const token of tokens) absent('a session token', token);
      for (const value of sealed) present('a sealed password', value);
      absent('the admin token', ADMIN_TOKEN);
      return files;
    };
    const whileOpen = inspect('while the connector runs');
    await running.close();
    const afterClose = inspect('after closing');
    console.log(`      at rest: ${checks} plaintext searches in ${whileOpen.map((f) => path.basename(f)).join(' + ')} (open) and ${afterClose.map((f) => path.basename(f)).join(' + ')} (closed), 0 found`);
  });

  it('after a key rotation and a re-seal, keeps no ciphertext of the old key in the table, nor in the file after VACUUM', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = start(new SecretBox(oldKey));
    const { keys } = await populate(before.app);
    const oldSealed = (await before.store.sealedSipPasswords()).map((row) => row.sealedPassword);
    await before.close();

    const rotating = start(new SecretBox(newKey, [oldKey]));
    const reseal = await admin(rotating.app).post('/secrets/reseal', {});
    assert.equal(reseal.status, 200, reseal.text);
    assert.deepEqual([reseal.body.resealed, reseal.body.alreadyCurrent, reseal.body.unreadable], [3, 0, 0]);
    await rotating.close();

    const rows = tableRows(file);
    const sipRows = rows.filter((row) => row.startsWith('agent_sip_accounts '));
    assert.equal(sipRows.filter((row) => row.includes(`"v2:${secretsKeyId(newKey)}:`)).length, 3, 'every password is sealed under the new key');
    const oldParts = oldSealed.flatMap((value) => [value, value.split(':').at(-1)!]);
    assert.deepEqual(rows.filter((row) => oldParts.some((part) => row.includes(part))), [], 'no old ciphertext in any table');

    const lingering = oldParts.filter((part) => holdsText(databaseBytes(file).bytes, part)).length;
    vacuum(file);
    const { bytes } = databaseBytes(file);
    assert.deepEqual(oldParts.filter((part) => holdsText(bytes, part)), [], 'no old ciphertext in the file after VACUUM');
    for (const password of Object.values(PASSWORDS)) assert.equal(holdsText(bytes, password), false);

    const after = start(new SecretBox(newKey));
    for (const [id, password] of Object.entries(PASSWORDS)) {
      assert.equal((await settingsOf(after.app, await signIn(after.app, keys[id]!))).sip.authorizationPassword, password, `${id}’s password opens with the new key alone`);
    }
    console.log(`      at rest: ${oldParts.length} old ciphertext parts searched: ${lingering} in free pages before VACUUM, 0 in the tables, 0 after VACUUM`);
  });
});
