import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../connector/src/config/config.js';

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected the configuration to be refused');
}

describe('configuration: softphone and secrets', () => {
  it('defaults to no WebSocket server, no STUN or TURN server, the standard dispositions and the key file', () => {
    const config = loadConfig({});
    assert.deepEqual(config.softphone, {
      sipDomain: 'pbx.demo.test',
      wsServer: null,
      iceServers: [],
      heartbeatIntervalS: 30,
      dispositions: ['Connected', 'Left voicemail', 'No answer', 'Wrong number', 'Call back later', 'Not interested'],
    });
    assert.equal(config.secretsKey, null);
    assert.ok(Object.isFrozen(config.softphone.dispositions));
  });

  it('reads the WebSocket server, ICE servers, dispositions and secrets key', () => {
    const key = randomBytes(32).toString('base64');
    const config = loadConfig({
      SIP_DOMAIN: 'PBX.Example.com',
      SIP_WS_URL: 'wss://SIP.example.com:8443/',
      ICE_SERVERS: 'stun:stun.example.com:3478, turn:turn.example.com?transport=tcp,turns:[2001:db8::1]:5349',
      WRAPUP_DISPOSITIONS: 'Sale , Follow-up,,Lost',
      SECRETS_KEY: key,
    });
    assert.deepEqual(config.softphone, {
      sipDomain: 'pbx.example.com',
      wsServer: 'wss://sip.example.com:8443',
      iceServers: [{ urls: 'stun:stun.example.com:3478' }, { urls: 'turn:turn.example.com?transport=tcp' }, { urls: 'turns:[2001:db8::1]:5349' }],
      heartbeatIntervalS: 30,
      dispositions: ['Sale', 'Follow-up', 'Lost'],
    });
    assert.equal(config.secretsKey, key);
  });

  it('takes plain ws:// only to this machine, for local development', () => {
    assert.equal(loadConfig({ SIP_WS_URL: 'ws://127.0.0.1:8080' }).softphone.wsServer, 'ws://127.0.0.1:8080');
    assert.equal(loadConfig({ SIP_WS_URL: 'ws://localhost:5066/ws' }).softphone.wsServer, 'ws://localhost:5066/ws');
  });

  const heartbeats: [string, number][] = [['90000', 30], ['30000', 10], ['5000', 5], ['14999', 5], ['3600000', 1200]];
  for (const [timeout, interval] of heartbeats) {
    it(`sends heartbeats every ${interval} s with HEARTBEAT_TIMEOUT_MS=${timeout} (a third, at least 5 s)`, () => {
      assert.equal(loadConfig({ HEARTBEAT_TIMEOUT_MS: timeout }).softphone.heartbeatIntervalS, interval);
    });
  }

  const refusals: [string, Record<string, string>, RegExp][] = [
    ['a plain ws:// server across the network', { SIP_WS_URL: 'ws://sip.example.com' }, /^Invalid configuration: SIP_WS_URL must be a secure WebSocket URL such as wss:\/\/sip\.example\.com:8443 \(ws:\/\/ only to 127\.0\.0\.1, localhost or \[::1\]\) \(got "ws:\/\/sip\.example\.com"\)$/],
    ['an https URL as WebSocket server', { SIP_WS_URL: 'https://sip.example.com' }, /SIP_WS_URL must be a secure WebSocket URL/],
    ['a WebSocket URL with a password in it', { SIP_WS_URL: 'wss://user:pw@sip.example.com' }, /SIP_WS_URL must be a secure WebSocket URL/],
    ['an http URL as ICE server', { ICE_SERVERS: 'https://stun.example.com' }, /^Invalid configuration: ICE_SERVERS must be a comma-separated list of stun:, turn: or turns: URLs/],
    ['a STUN URL with a path', { ICE_SERVERS: 'stun:stun.example.com/x' }, /ICE_SERVERS must be a comma-separated list/],
    ['a STUN URL with a transport', { ICE_SERVERS: 'stun:stun.example.com?transport=udp' }, /ICE_SERVERS must be a comma-separated list/],
    ['no disposition at all', { WRAPUP_DISPOSITIONS: ' , ,' }, /^Invalid configuration: WRAPUP_DISPOSITIONS must be a comma-separated list of 1 to 50 dispositions/],
    ['a disposition listed twice', { WRAPUP_DISPOSITIONS: 'Sale,sale' }, /WRAPUP_DISPOSITIONS must not list a disposition twice/],
    ['a disposition longer than the API takes', { WRAPUP_DISPOSITIONS: 'x'.repeat(256) }, /each at most 255 characters/],
    ['a secrets key of 16 bytes', { SECRETS_KEY: randomBytes(16).toString('base64') }, /^Invalid configuration: SECRETS_KEY must be 32 random bytes in base64, 44 characters \(generate it with: openssl rand -base64 32\)$/],
    ['a secrets key of 33 bytes', { SECRETS_KEY: randomBytes(33).toString('base64') }, /SECRETS_KEY must be 32 random bytes in base64/],
    ['a secrets key that is not base64', { SECRETS_KEY: 'not base64 at all, but forty-four characters' }, /SECRETS_KEY must be 32 random bytes in base64/],
  ];
  for (const [what, env, expected] of refusals) {
    it(`stops start-up with one line naming the setting for ${what}`, () => {
      assert.match(failure(env), expected);
    });
  }

  it('never echoes a secrets key back in its error', () => {
    const wrong = randomBytes(31).toString('base64');
    assert.doesNotMatch(failure({ SECRETS_KEY: wrong }), new RegExp(wrong.replace(/[+/=]/g, '\\$&')));
  });

  it('takes a base64url secrets key too', () => {
    const key = randomBytes(32).toString('base64url');
    assert.equal(loadConfig({ SECRETS_KEY: key }).secretsKey, key);
  });
});
