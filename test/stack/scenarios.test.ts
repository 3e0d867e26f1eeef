import assert from 'node:assert/strict';
import { Inviter, SessionState, UserAgent, type Invitation, type Session } from 'sip.js';
import {
  directionOf,
  plainRtpHandlerOf,
  receivedReferTo,
  startKamailio,
  startNodeAgent,
  startSipp,
  type KamailioStack,
  type NodeAgent,
  type SippResult,
  type SippRun,
} from './sip-stack.js';
import { rtpengineCallIds } from './rtpengine-ng.js';
import { waitFor, waitForSessionState } from './session-waits.js';

const ALICE = { username: 'alice', password: 'alice-secret' };
const PSTN_NUMBER = '+14155550123';
const CALLER = '+442079460958';

/** What sipp saw, or its diagnostics as the failure message. */
function assertCompleted(result: SippResult): void {
  assert.equal(result.exitCode, 0, result.diagnostics);
  assert.equal(result.successfulCalls, 1, result.diagnostics);
}

/** The `m=audio` port of an SDP: the agent's own 40000, or one of rtpengine's when the media is relayed. */
const audioPort = (sdp: string): number => Number(/^m=audio (\d+) /m.exec(sdp)?.[1]);

for (const relayMedia of [false, true]) describe(`sipp scenarios through Kamailio${relayMedia ? ' relaying media through rtpengine' : ''}, driven by a sip.js agent`, () => {
  let stack: KamailioStack;
  let agent: NodeAgent;
  let sipp: SippRun | undefined;
  let onInvite: ((invitation: Invitation) => void) | undefined;

  before(async () => {
    stack = await startKamailio({ users: [ALICE], relayMedia });
    agent = await startNodeAgent({ stack, user: ALICE, onInvite: (invitation) => onInvite?.(invitation) });
    assert.equal(await agent.register(), 200);
  });
  afterEach(async function () {
    await sipp?.stop();
    sipp = undefined;
    onInvite = undefined;
    if (stack.mediaRelay && this.currentTest?.state === 'passed') {
      // Every scenario ends its call (BYE, CANCEL or a failure): none may leave media ports behind.
      const left = await waitForNoRelayedCalls(stack.mediaRelay.ngPort);
      assert.deepEqual(left, [], `rtpengine still holds ${left.join(', ')}\n${stack.mediaRelay.logs().slice(-3000)}`);
    }
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

  it('uas-ring-unavailable: the call rings, then nobody picks up and the far end ends it with 480', async () => {
    const uas = await pstn('uas-ring-unavailable', 300);
    const inviter = dialPstn();
    const started = Date.now();
    const statuses: number[] = [];
    const final = waitFor<number>('the final response', (done) => {
      void inviter.invite({
        requestDelegate: {
          onProgress: (response) => statuses.push(response.message.statusCode ?? 0),
          onReject: (response) => done(response.message.statusCode ?? 0),
        },
      });
    });
    assert.equal(await final, 480);
    const rang = Date.now() - started;
    console.log(`      rang ${rang} ms before the 480`);
    assert.ok(statuses.includes(180), `180 before the 480 (got ${statuses.join(', ')})`);
    assert.ok(rang >= 300, 'the far end rang for the -d pause');
    await waitForSessionState(inviter, SessionState.Terminated);
    assertCompleted(await uas.done);
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

  it(`uas-answer: the agent's plain RTP/AVP offer reaches the far end as plain RTP/AVP${relayMedia ? ', through rtpengine' : ', end to end'}, also on hold and resume`, async () => {
    const uas = await pstn('uas-answer');
    const inviter = dialPstn();
    await inviter.invite();
    await waitForSessionState(inviter, SessionState.Established);
    await inviter.invite({ sessionDescriptionHandlerOptions: { hold: true } as object });
    await waitFor<void>('the hold to be answered', (done) => {
      const poll = (): void => void (plainRtpHandlerOf(inviter).remoteDirection === 'recvonly' ? done() : setTimeout(poll, 10));
      poll();
    });
    await inviter.invite({ sessionDescriptionHandlerOptions: { hold: false } as object });
    await waitFor<void>('the resume to be answered', (done) => {
      const poll = (): void => void (plainRtpHandlerOf(inviter).remoteDirection === 'sendrecv' ? done() : setTimeout(poll, 10));
      poll();
    });
    await inviter.bye();
    const result = await uas.done;
    assertCompleted(result);
    const offers = result.received('INVITE');
    assert.deepEqual(offers.map((offer) => directionOf(offer.body)), ['sendrecv', 'sendonly', 'sendrecv']);
    for (const offer of offers) {
      assert.match(offer.body, /^m=audio \d+ RTP\/AVP 0 101\r?$/m);
      assert.doesNotMatch(offer.body, /^a=(ice-ufrag|candidate|fingerprint|crypto):/m);
      if (relayMedia) assert.notEqual(audioPort(offer.body), 40000, 'the far end is sent to rtpengine, not to the agent');
      else assert.equal(audioPort(offer.body), 40000);
    }
  });

  it(`uas-answer: an INVITE without SDP gets the offer in the 200 and the answer in the ACK${relayMedia ? ', both through rtpengine' : ''}`, async () => {
    const uas = await pstn('uas-answer');
    const inviter = new Inviter(agent.userAgent, UserAgent.makeURI(`sip:${PSTN_NUMBER}@${stack.domain}`)!, { inviteWithoutSdp: true });
    await inviter.invite();
    await waitForSessionState(inviter, SessionState.Established);
    const offer = plainRtpHandlerOf(inviter).lastRemoteSdp ?? '';
    await inviter.bye();
    const result = await uas.done;
    assertCompleted(result);
    assert.equal(result.received('INVITE')[0]?.body.trim(), '', 'the INVITE carried no SDP');
    const answer = result.received('ACK')[0]?.body ?? '';
    assert.match(answer, /^m=audio \d+ RTP\/AVP 0 101\r?$/m, 'the ACK carries a plain RTP answer');
    if (relayMedia) {
      assert.notEqual(audioPort(answer), 40000, 'the far end is answered with rtpengine\'s port');
      assert.match(offer, /^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m, 'the agent is offered what a browser speaks');
    } else {
      assert.equal(audioPort(answer), 40000);
    }
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

  it('uac-call-agent-talk: the caller hangs up after the -d pause when the agent does not', async () => {
    const invited = nextInvitation();
    const uac = await callAgent('uac-call-agent-talk', 200);
    const invitation = await invited;
    await invitation.accept();
    await waitForSessionState(invitation, SessionState.Established);
    await waitForSessionState(invitation, SessionState.Terminated);
    const result = await uac.done;
    assertCompleted(result);
    assert.equal(result.messages.filter((m) => m.direction === 'sent' && m.method === 'BYE' && m.status === undefined).length, 1);
  });

  it('uac-call-agent-talk: the agent hangs up first, and the caller answers its BYE and ends successfully', async () => {
    const invited = nextInvitation();
    const uac = await callAgent('uac-call-agent-talk', 5000);
    const invitation = await invited;
    await invitation.accept();
    await waitForSessionState(invitation, SessionState.Established);
    if (relayMedia) {
      // Nothing is known of the agent before it answers, so it is offered what a browser speaks; its plain answer
      // reaches the caller as plain RTP.
      const offer = plainRtpHandlerOf(invitation).lastRemoteSdp ?? '';
      assert.match(offer, /^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m);
      const mid = /^a=mid:(\S+)\r?$/m.exec(offer)?.[1];
      assert.match(offer, new RegExp(`^a=group:BUNDLE ${mid}\\r?$`, 'm'), 'a BUNDLE group naming the stream, which a browser needs');
    }
    const started = Date.now();
    await invitation.bye();
    await waitForSessionState(invitation, SessionState.Terminated);
    const result = await uac.done;
    console.log(`      caller ended ${Date.now() - started} ms after the agent's BYE`);
    assertCompleted(result);
    assert.equal(result.received('BYE').length, 1);
    const answer = result.messages.find((m) => m.direction === 'received' && m.status === 200 && m.method === 'INVITE');
    assert.match(answer?.body ?? '', /^m=audio \d+ RTP\/AVP 0 101\r?$/m);
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

/** The calls rtpengine still holds once they have had up to a second to go (a BYE's 200 may still be on its way). */
async function waitForNoRelayedCalls(ngPort: number): Promise<string[]> {
  const deadline = Date.now() + 1000;
  for (;;) {
    const calls = await rtpengineCallIds(ngPort);
    if (calls.length === 0 || Date.now() > deadline) return calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
