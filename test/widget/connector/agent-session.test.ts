import assert from 'node:assert/strict';
import { readAgentSession } from '../../../widget/src/connector/agent-session.js';
import { nextSessionStep } from '../../../widget/src/app/session-timing.js';

const MIN = 60_000;
const AGENT = { id: 'maria', name: 'Maria', role: 'agent' };
/** The connector's clock when it issued the token. */
const SERVER_NOW = Date.UTC(2026, 10, 24, 9, 0, 0);

/** A token as the connector signs it, holding `iat` (only the payload is read by the widget). */
function token(iatMs: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ sub: 'maria', iat: Math.floor(iatMs / 1000) })}.signature`;
}

const answer = () => ({
  token: token(SERVER_NOW),
  expiresAt: new Date(SERVER_NOW + 15 * MIN).toISOString(),
  refreshUntil: new Date(SERVER_NOW + 12 * 60 * MIN).toISOString(),
  agent: AGENT,
});

describe('readAgentSession: the connector’s times on this browser’s clock', () => {
  it('takes the times as they are when both clocks agree', () => {
    const session = readAgentSession(answer(), SERVER_NOW)!;
    assert.equal(session.clockOffsetMs, 0);
    assert.equal(session.expiresAt, SERVER_NOW + 15 * MIN);
  });

  for (const [what, skewMs] of [
    ['a PC clock 20 minutes ahead', 20 * MIN],
    ['a PC clock 9 minutes behind', -9 * MIN],
  ] as const) {
    it(`refreshes at two thirds of the token's life, not at once or too late, with ${what}`, () => {
      const localNow = SERVER_NOW + skewMs;
      const session = readAgentSession(answer(), localNow)!;
      assert.equal(session.clockOffsetMs, -skewMs);
      assert.equal(session.expiresAt, localNow + 15 * MIN);
      assert.deepEqual(nextSessionStep(session, localNow), { action: 'refresh', at: localNow + 10 * MIN });
    });
  }

  it('keeps a stored session’s local times and offset as they were stored', () => {
    const session = readAgentSession(answer(), SERVER_NOW + 20 * MIN)!;
    const reloaded = readAgentSession(JSON.parse(JSON.stringify(session)), SERVER_NOW + 25 * MIN);
    assert.deepEqual(reloaded, session);
  });
});
