import assert from 'node:assert/strict';
import { Inviter, SessionState, UserAgent, type Invitation, type Session } from 'sip.js';
import {
  receivedReferTo,
  startKamailio,
  startNodeAgent,
  startSipp,
  type KamailioStack,
  type NodeAgent,
  type SippResult,
  type SippRun,
} from './sip-stack.js';
import { waitFor, waitForSessionState } from './session-waits.js';

const ALICE = { username: 'alice', password: 'alice-secret' };
const PSTN_NUMBER = '+14155550123';
const CALLER = '+442079460958';

/** What sipp saw, or its diagnostics as the failure message. */
function assertCompleted(result: SippResult): void {
  assert.equal(result.exitCode, 0, result.diagnostics);
  assert.equal(result.successfulCalls, 1, result.diagnostics);
}

describe('sipp scenarios through Kamailio, driven by a sip.js agent', () => {
  let stack: KamailioStack;
  let agent: NodeAgent;
  let sipp: SippRun | undefined;
  let onInvite: ((invitation: Invitation) => void) | undefined;

  before(async () => {
    stack = await startKamailio({ users: [ALICE] });
    agent = await startNodeAgent({ stack, user: ALICE, onInvite: (invitation) => onInvite?.(invitation) });
    assert.equal(await agent.register(), 200);
  });
  afterEach(async () => {
    await sipp?.stop();
    sipp = undefined;
    onInvite = undefined;
  });
  after(async () => {
    await agent?.stop();
    await stack?.stop();
  });

  const pstn = async (scenario: string, pauseMs?: number): Promise<SippRun> => {
    sipp = await startSipp({ scenario, localPort: stack.pstnPort, timeoutMs: 10_000, ...(pauseMs === undefined ? {} : { pauseMs }) });
    return sipp;
  };
  const dialPstn = (): Inviter => new Inviter(agent.userAgent, UserAgent.makeURI(`sip:${PSTN_NUMBER}@${stack.domain}`)!);
  const finalStatus = (inviter: Inviter): Promise<number> =>
    waitFor<number>('a final response', (done) => {
      void inviter.invite({
        requestDelegate: {
          onReject: (response) => done(response.message.statusCode ?? 0),
          onAccept: (response) => done(response.message.statusCode ?? 0),
        },
      });
    });
  const callAgent = async (scenario: string, pauseMs: number): Promise<SippRun> => {
    sipp = await startSipp({
      scenario,
      remote: `127.0.0.1:${stack.udpPort}`,
      service: ALICE.username,
      keys: { caller: CALLER, domain: stack.domain },
      pauseMs,
      timeoutMs: 10_000,
    });
    return sipp;
  };
  const nextInvitation = (): Promise<Invitation> => waitFor<Invitation>('an incoming call', (done) => (onInvite = done));

  it('uas-busy: the call is refused with 486 Busy Here', async () => {
    const uas = await pstn('uas-busy');
    assert.equal(await finalStatus(dialPstn()), 486);
    assertCompleted(await uas.done);
  });

  it('uas-decline: the call rings, then is refused with 603 Decline', async () => {
    const uas = await pstn('uas-decline', 100);
    const inviter = dialPstn();
    const ringing = waitFor<number>('180', (done) => {
      void inviter.invite({
        requestDelegate: {
          onProgress: (response) => response.message.statusCode === 180 && done(180),
          onReject: () => undefined,
        },
      });
    });
    assert.equal(await ringing, 180);
    await waitForSessionState(inviter, SessionState.Terminated);
    assertCompleted(await uas.done);
    assert.deepEqual(agent.trace.responses('INVITE', inviter.request.callId).filter((status) => status >= 300), [407, 603]);
  });

  it('uas-no-answer: the caller cancels while it rings; the far end sees the CANCEL and ends with 487', async () => {
    const uas = await pstn('uas-no-answer');
    const inviter = dialPstn();
    await waitFor<void>('180', (done) => {
      void inviter.invite({ requestDelegate: { onProgress: (response) => response.message.statusCode === 180 && done() } });
    });
    await inviter.cancel();
    await waitForSessionState(inviter, SessionState.Terminated);
    const result = await uas.done;
    assertCompleted(result);
    assert.equal(result.received('CANCEL').length, 1);
  });

  it('uas-remote-hangup: the far end answers, then hangs up; the session ends without the agent hanging up', async () => {
    const uas = await pstn('uas-remote-hangup', 300);
    const inviter = dialPstn();
    await inviter.invite();
    await waitForSessionState(inviter, SessionState.Established);
    await waitForSessionState(inviter, SessionState.Terminated);
    assertCompleted(await uas.done);
    assert.equal(agent.trace.messages.filter((m) => m.direction === 'sent' && m.method === 'BYE' && !m.status).length, 0);
  });

  it('uas-refer: a blind transfer is accepted with 202, reported done by NOTIFY, and sipp records the Refer-To', async () => {
    const uas = await pstn('uas-refer');
    const inviter = dialPstn();
    await inviter.invite();
    await waitForSessionState(inviter, SessionState.Established);
    const target = UserAgent.makeURI(`sip:+33142685300@${stack.domain}`)!;
    const notified = waitFor<string>('the NOTIFY', (done) => {
      void inviter.refer(target, {
        onNotify: (notification) => {
          notification.accept();
          done(notification.request.body);
        },
      });
    });
    assert.match(await notified, /^SIP\/2\.0 200 OK/);
    await inviter.bye();
    const result = await uas.done;
    assertCompleted(result);
    assert.match(receivedReferTo(result) ?? '', /sip:\+33142685300@pbx\.demo\.test/);
    assert.deepEqual(agent.trace.responses('REFER', inviter.request.callId), [407, 202], 'the REFER is authenticated');
  });

  it('uac-call-agent: a PSTN caller reaches the registered agent over WebSocket, who answers; the caller hangs up', async () => {
    const invited = nextInvitation();
    const uac = await callAgent('uac-call-agent', 200);
    const invitation = await invited;
    assert.equal(invitation.remoteIdentity.uri.user, CALLER);
    await invitation.accept();
    await waitForSessionState(invitation, SessionState.Established);
    await waitForSessionState(invitation, SessionState.Terminated);
    assertCompleted(await uac.done);
  });

  it('uac-call-agent-declined: the agent declines with 603 and the caller ACKs it', async () => {
    const invited = nextInvitation();
    const uac = await callAgent('uac-call-agent-declined', 0);
    const invitation = await invited;
    await invitation.reject({ statusCode: 603 });
    assertCompleted(await uac.done);
  });

  it('uac-call-agent-cancel: the caller gives up while the agent rings; the agent sees the call end', async () => {
    const invited = nextInvitation();
    const uac = await callAgent('uac-call-agent-cancel', 200);
    const invitation: Session = await invited;
    await waitForSessionState(invitation, SessionState.Terminated);
    const result = await uac.done;
    assertCompleted(result);
    assert.equal(result.messages.filter((m) => m.direction === 'received' && m.status === 487).length, 1);
  });
});
