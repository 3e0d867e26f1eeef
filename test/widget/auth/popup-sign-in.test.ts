import assert from 'node:assert/strict';
import { signInWithPopup, type PopupMessage, type PopupOpener } from '../../../widget/src/auth/popup-sign-in.js';
import { SignInError } from '../../../widget/src/auth/sign-in-error.js';
import type { AgentSession } from '../../../widget/src/connector/agent-session.js';
import { FakeClock } from '../support/fake-clock.js';

const CONNECTOR = 'https://cti.example.com';
const SESSION_MESSAGE = {
  type: 'click-to-call:session',
  token: 'eyJ.popup.session',
  expiresAt: '2025-01-06T09:15:00.000Z',
  refreshUntil: '2025-01-06T21:00:00.000Z',
  agent: { id: 'maria', name: 'Maria Gonzalez', role: 'agent' },
};

class FakePopup {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

/** The widget's window: records what it opened, and lets the test post messages to it as any window would. */
class FakeOpener implements PopupOpener {
  readonly location = { origin: 'https://acme.lightning.force.com' };
  readonly opened: { url: string; target: string; features: string }[] = [];
  popup: FakePopup | null = new FakePopup();
  private readonly listeners = new Set<(event: PopupMessage) => void>();

  open(url: string, target: string, features: string): FakePopup | null {
    this.opened.push({ url, target, features });
    return this.popup;
  }

  addEventListener(_type: 'message', listener: (event: PopupMessage) => void): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: (event: PopupMessage) => void): void {
    this.listeners.delete(listener);
  }

  post(event: PopupMessage): void {
    for (const l of [...this.listeners]) l(event);
  }

  get listening(): number {
    return this.listeners.size;
  }
}

function start(opener: FakeOpener, clock: FakeClock, crm: 'salesforce' | 'hubspot' = 'salesforce') {
  const outcome: { session?: AgentSession; error?: unknown } = {};
  const promise = signInWithPopup({ crm, connectorBase: `${CONNECTOR}/`, opener, timers: clock.timers }).then(
    (session) => (outcome.session = session),
    (error: unknown) => (outcome.error = error),
  );
  return { outcome, promise };
}

describe('signInWithPopup', () => {
  it('opens the connector’s sign-in for the CRM at once, returning to the widget’s origin', () => {
    const opener = new FakeOpener();
    void start(opener, new FakeClock(), 'hubspot').promise;
    assert.deepEqual(opener.opened, [
      {
        url: 'https://cti.example.com/auth/hubspot/start?return=https%3A%2F%2Facme.lightning.force.com',
        target: 'click-to-call-sign-in',
        features: 'popup,width=520,height=640',
      },
    ]);
  });

  it('takes the session the popup posts from the connector’s origin', async () => {
    const opener = new FakeOpener();
    const { outcome, promise } = start(opener, new FakeClock());
    opener.post({ origin: CONNECTOR, source: opener.popup, data: SESSION_MESSAGE });
    await promise;
    assert.deepEqual(outcome.session, {
      token: 'eyJ.popup.session',
      expiresAt: Date.parse(SESSION_MESSAGE.expiresAt),
      refreshUntil: Date.parse(SESSION_MESSAGE.refreshUntil),
      clockOffsetMs: 0,
      agent: SESSION_MESSAGE.agent,
    });
    assert.equal(opener.listening, 0, 'it stops listening');
  });

  it('ignores a session posted from another origin, or by a window other than the popup it opened', async () => {
    const opener = new FakeOpener();
    const clock = new FakeClock();
    const { outcome, promise } = start(opener, clock);
    opener.post({ origin: 'https://evil.example', source: opener.popup, data: SESSION_MESSAGE });
    opener.post({ origin: CONNECTOR, source: new FakePopup(), data: SESSION_MESSAGE });
    opener.post({ origin: 'https://cti.example.com.evil.example', source: opener.popup, data: SESSION_MESSAGE });
    opener.post({ origin: CONNECTOR, source: opener.popup, data: 'click-to-call:session' });
    await clock.advance(1000);
    assert.deepEqual(outcome, {}, 'still waiting');
    opener.post({ origin: CONNECTOR, source: opener.popup, data: { ...SESSION_MESSAGE, token: 'the-real-one' } });
    await promise;
    assert.equal(outcome.session?.token, 'the-real-one');
  });

  it('shows the connector’s reason when the CRM sign-in failed', async () => {
    const opener = new FakeOpener();
    const { outcome, promise } = start(opener, new FakeClock());
    opener.post({
      origin: CONNECTOR,
      source: opener.popup,
      data: { type: 'click-to-call:sign-in-error', code: 'NO_AGENT_FOR_CRM_USER', message: 'No agent profile is linked to your Salesforce user.' },
    });
    await promise;
    assert.ok(outcome.error instanceof SignInError);
    assert.equal(outcome.error.code, 'NO_AGENT_FOR_CRM_USER');
    assert.equal(outcome.error.message, 'No agent profile is linked to your Salesforce user.');
  });

  it('says so when the browser blocked the popup', async () => {
    const opener = new FakeOpener();
    opener.popup = null;
    const { outcome, promise } = start(opener, new FakeClock());
    await promise;
    assert.ok(outcome.error instanceof SignInError);
    assert.equal(outcome.error.code, 'POPUP_BLOCKED');
    assert.match(outcome.error.message, /blocked the Salesforce sign-in window\. Allow pop-ups/);
  });

  it('says so when the agent closed the popup without signing in', async () => {
    const opener = new FakeOpener();
    const clock = new FakeClock();
    const { outcome, promise } = start(opener, clock);
    await clock.advance(2000);
    assert.deepEqual(outcome, {});
    opener.popup!.closed = true;
    await clock.advance(1000);
    await promise;
    assert.ok(outcome.error instanceof SignInError);
    assert.equal(outcome.error.code, 'POPUP_CLOSED');
    assert.match(outcome.error.message, /closed before you signed in/);
    assert.equal(opener.listening, 0);
    assert.deepEqual(clock.pending(), [], 'nothing left scheduled');
  });

  it('gives up after ten minutes, closing the popup', async () => {
    const opener = new FakeOpener();
    const clock = new FakeClock();
    const { outcome, promise } = start(opener, clock);
    await clock.advance(10 * 60_000);
    await promise;
    assert.equal((outcome.error as SignInError).code, 'SIGN_IN_TIMEOUT');
    assert.equal(opener.popup!.closed, true);
  });
});
