import assert from 'node:assert/strict';
import type { PhoneCall } from '../../../widget/src/phone/phone-call.js';
import type { SipCall } from '../../../widget/src/phone/sip-call.js';
import {
  directionOf,
  headerValue,
  installNodeWebSocket,
  plainRtpHandlerOf,
  receivedReferTo,
  startKamailio,
  startSipp,
  type KamailioStack,
  type SippResult,
  type SippRun,
} from '../../stack/sip-stack.js';
import { PASSWORDS, sleep, waitFor, watchPhone, type WatchedPhone } from './phone-test-kit.js';

const NUMBER = '+14155550100';

describe('Phone core calls against a real Kamailio and sipp', function () {
  this.timeout(40_000);
  let stack: KamailioStack;
  let alice: WatchedPhone;
  let sipp: SippRun | undefined;
  const phones: WatchedPhone[] = [];

  const target = (user = NUMBER, extension: string | null = null) => ({ sipUri: `sip:${user}@${stack.domain}`, extension, display: user });
  const pstn = async (scenario: string, extra: { pauseMs?: number } = {}) => {
    sipp = await startSipp({ scenario, localPort: stack.pstnPort, ...extra });
    return sipp;
  };
  const finished = async (run: SippRun): Promise<SippResult> => {
    const result = await run.done;
    assert.equal(result.exitCode, 0, result.diagnostics);
    return result;
  };
  const ended = (call: PhoneCall) => waitFor(`call ${call.callId} to end`, () => call.state === 'ended', 15_000);

  before(async () => {
    installNodeWebSocket();
    stack = await startKamailio({ users: [{ username: 'alice', password: PASSWORDS.alice }, { username: 'bob', password: PASSWORDS.bob }] });
  });
  beforeEach(async () => {
    alice = watchPhone(stack, 'alice');
    phones.push(alice);
    await alice.phone.start();
    assert.equal(alice.phone.registration, 'registered');
  });
  afterEach(async () => {
    await sipp?.stop();
    sipp = undefined;
    await Promise.all(phones.splice(0).map((w) => w.phone.stop()));
  });
  after(async () => stack?.stop());

  it('places a call the far end answers, then hangs up: dialing, ringing, connected, ended by the agent', async () => {
    const far = await pstn('uas-answer');
    const call = await alice.phone.dial(target());
    await waitFor('the answer', () => call.state === 'established');
    assert.ok(call.answeredAt !== null && call.answeredAt >= call.startedAt);
    await call.hangup();
    await ended(call);
    assert.deepEqual(alice.states.get(call.callId), ['dialing', 'ringing', 'established', 'ended']);
    assert.deepEqual(call.end, { cause: 'hangup', sipStatus: null, hungUpBy: 'agent' });
    assert.equal(call.direction, 'outbound');
    assert.equal(call.remote.user, NUMBER);
    const seen = await finished(far);
    const invite = seen.received('INVITE')[0];
    assert.ok(invite, 'sipp received the INVITE');
    assert.equal(headerValue(invite, 'Call-ID'), call.callId);
    assert.equal(alice.phone.calls.length, 0, 'an ended call leaves the list of calls in progress');
  });

  it('asks the SIP server to present the agent’s caller id (P-Preferred-Identity), and sends none without one', async () => {
    const withCallerId = watchPhone(stack, 'bob', { callerId: '+442079460000' });
    phones.push(withCallerId);
    await withCallerId.phone.start();
    let far = await pstn('uas-answer');
    let call = await withCallerId.phone.dial(target());
    await waitFor('the answer', () => call.state === 'established');
    await call.hangup();
    await ended(call);
    const invite = (await finished(far)).received('INVITE')[0]!;
    assert.equal(headerValue(invite, 'P-Preferred-Identity'), `<sip:+442079460000@${stack.domain};user=phone>`);

    far = await pstn('uas-answer');
    call = await alice.phone.dial(target());
    await waitFor('the answer', () => call.state === 'established');
    await call.hangup();
    await ended(call);
    assert.equal(headerValue((await finished(far)).received('INVITE')[0]!, 'P-Preferred-Identity'), undefined);
  });

  it('shows "busy" for a 486 and logs it as busy', async () => {
    const far = await pstn('uas-busy');
    const call = await alice.phone.dial(target());
    await ended(call);
    assert.deepEqual(call.end, { cause: 'busy', sipStatus: 486, hungUpBy: 'remote' });
    assert.equal(call.problem?.code, 'busy');
    assert.equal(call.answeredAt, null);
    await finished(far);
  });

  it('shows "declined" for a 603', async () => {
    const far = await pstn('uas-decline');
    const call = await alice.phone.dial(target());
    await ended(call);
    assert.deepEqual(call.end, { cause: 'declined', sipStatus: 603, hungUpBy: 'remote' });
    assert.equal(call.problem?.code, 'declined');
    await finished(far);
  });

  it('cancels a call that keeps ringing when the agent hangs up', async () => {
    const far = await pstn('uas-no-answer');
    const call = await alice.phone.dial(target());
    await waitFor('ringing', () => call.state === 'ringing');
    await call.hangup();
    await ended(call);
    assert.deepEqual(call.end, { cause: 'cancelled', sipStatus: 487, hungUpBy: 'agent' });
    assert.equal(call.problem, null);
    await finished(far);
  });

  it('gives up on a call nobody answers after the ring timeout, logged as no answer', async () => {
    const impatient = watchPhone(stack, 'bob', { ringTimeoutS: 1 });
    phones.push(impatient);
    await impatient.phone.start();
    const far = await pstn('uas-no-answer');
    const call = await impatient.phone.dial(target());
    await ended(call);
    assert.deepEqual(call.end, { cause: 'no-answer', sipStatus: 487, hungUpBy: 'system' });
    assert.equal(call.problem?.code, 'no-answer');
    assert.ok(call.endedAt! - call.startedAt >= 1000, 'not before the ring timeout');
    await finished(far);
  });

  it('reports a hang-up by the far end', async () => {
    const far = await pstn('uas-remote-hangup', { pauseMs: 300 });
    const call = await alice.phone.dial(target());
    await ended(call);
    assert.deepEqual(alice.states.get(call.callId), ['dialing', 'ringing', 'established', 'ended']);
    assert.deepEqual(call.end, { cause: 'hangup', sipStatus: null, hungUpBy: 'remote' });
    await finished(far);
  });

  it('holds and resumes with re-INVITEs the far end accepts (sendonly, then sendrecv), the microphone off while held', async () => {
    const far = await pstn('uas-answer');
    const call = await alice.phone.dial(target());
    await waitFor('the answer', () => call.state === 'established');
    const handler = plainRtpHandlerOf((call as SipCall).session);
    await call.hold();
    assert.equal(call.onHold, true);
    assert.equal(handler.localDirection, 'sendonly');
    assert.equal(handler.remoteDirection, 'recvonly');
    assert.equal(handler.senderTracksEnabled, false, 'the held customer does not hear the agent');
    call.setMuted(true);
    assert.equal(handler.senderTracksEnabled, false, 'muting while held keeps the microphone off');
    call.setMuted(false);
    assert.equal(handler.senderTracksEnabled, false, 'unmuting while held does not open the microphone to the held party');
    await call.resume();
    assert.equal(call.onHold, false);
    assert.equal(handler.localDirection, 'sendrecv');
    assert.equal(handler.senderTracksEnabled, true, 'the customer hears the agent again');
    await call.hold();
    call.setMuted(true);
    await call.resume();
    assert.equal(handler.senderTracksEnabled, false, 'a call muted while held resumes muted');
    call.setMuted(false);
    assert.equal(handler.senderTracksEnabled, true);
    await call.hangup();
    const seen = await finished(far);
    const invites = seen.received('INVITE');
    assert.equal(invites.length, 5, 'the INVITE and four re-INVITEs');
    assert.deepEqual(invites.map((m) => directionOf(m.body)), ['sendrecv', 'sendonly', 'sendrecv', 'sendonly', 'sendrecv']);
  });

  it('refuses hold and digits on a call that is not connected, without changing it', async () => {
    const far = await pstn('uas-no-answer');
    const call = await alice.phone.dial(target());
    await waitFor('ringing', () => call.state === 'ringing');
    await assert.rejects(call.hold(), /Only a connected call can be put on hold/);
    await assert.rejects(call.sendDtmf('1'), /Only a connected call/);
    await assert.rejects(call.answer(), /Only a ringing incoming call/);
    assert.equal(call.onHold, false);
    await call.hangup();
    await finished(far);
  });

  it('sends digits as SIP INFO when RTP events are unavailable, and the extension after answer', async () => {
    const far = await pstn('uas-answer');
    const call = await alice.phone.dial(target(NUMBER, '204'));
    await waitFor('the answer', () => call.state === 'established');
    await sleep(600);
    await call.sendDtmf('9#');
    await call.hangup();
    const seen = await finished(far);
    const signals = seen.received('INFO').map((m) => /Signal=(.)/.exec(m.body)?.[1]);
    assert.deepEqual(signals, ['2', '0', '4', '9', '#']);
    assert.ok(seen.received('INFO').every((m) => headerValue(m, 'Content-Type') === 'application/dtmf-relay'));
  });

  it('sends digits as RTP events when the media can, with no SIP INFO', async () => {
    const rtp = watchPhone(stack, 'bob', { dtmfOverRtp: true });
    phones.push(rtp);
    await rtp.phone.start();
    const far = await pstn('uas-answer');
    const call = await rtp.phone.dial(target());
    await waitFor('the answer', () => call.state === 'established');
    await call.sendDtmf('1*');
    assert.deepEqual(plainRtpHandlerOf((call as SipCall).session).dtmfSent, ['1*']);
    await assert.rejects(call.sendDtmf('1; rm'), /other than 0-9/);
    await call.hangup();
    const seen = await finished(far);
    assert.equal(seen.received('INFO').length, 0);
  });

  it('transfers blind with REFER: the far end gets the target and the agent leaves the call', async () => {
    const far = await pstn('uas-refer');
    const call = await alice.phone.dial(target());
    await waitFor('the answer', () => call.state === 'established');
    await call.transfer(`sip:+442071838750@${stack.domain}`);
    await ended(call);
    assert.deepEqual(call.transferredTo, { target: `sip:+442071838750@${stack.domain}`, mode: 'blind' });
    assert.deepEqual(call.end, { cause: 'hangup', sipStatus: null, hungUpBy: 'agent' });
    const seen = await finished(far);
    assert.match(receivedReferTo(seen) ?? '', /sip:\+442071838750@/);
  });

  it('transfers attended with REFER and Replaces naming the consultation call', async () => {
    const bob = watchPhone(stack, 'bob');
    phones.push(bob);
    await bob.phone.start();
    const far = await pstn('uas-refer');
    const customer = await alice.phone.dial(target());
    await waitFor('the customer to answer', () => customer.state === 'established');
    await customer.hold();
    const consult = await alice.phone.dial(target('bob'));
    await waitFor('bob to ring', () => bob.calls[0]?.state === 'ringing');
    await bob.calls[0]!.answer();
    await waitFor('the consultation to connect', () => consult.state === 'established');
    await customer.transferTo(consult);
    await ended(customer);
    assert.equal(customer.transferredTo?.mode, 'attended');
    const seen = await finished(far);
    const referTo = decodeURIComponent(receivedReferTo(seen) ?? '');
    assert.ok(referTo.includes(`Replaces=${consult.callId}`), referTo);
    assert.match(referTo, /to-tag=[^;>]+;from-tag=[^;>]+/, 'Replaces names the consultation dialog by both tags');
  });

  it('rings for an incoming call with the caller number, answers, and logs the far end hanging up', async () => {
    const caller = await startSipp({ scenario: 'uac-call-agent', remote: `127.0.0.1:${stack.udpPort}`, service: 'alice', keys: { caller: '+4930901820', domain: stack.domain }, pauseMs: 300 });
    sipp = caller;
    await waitFor('the call to ring', () => alice.calls.length === 1);
    const call = alice.calls[0]!;
    assert.equal(call.direction, 'inbound');
    assert.equal(call.state, 'ringing');
    assert.equal(call.remote.user, '+4930901820');
    await call.answer();
    await ended(call);
    assert.deepEqual(alice.states.get(call.callId), ['ringing', 'established', 'ended']);
    assert.deepEqual(call.end, { cause: 'hangup', sipStatus: null, hungUpBy: 'remote' });
    await finished(caller);
  });

  it('declines an incoming call with 603', async () => {
    const caller = await startSipp({ scenario: 'uac-call-agent-declined', remote: `127.0.0.1:${stack.udpPort}`, service: 'alice', keys: { caller: '+4930901820', domain: stack.domain } });
    sipp = caller;
    await waitFor('the call to ring', () => alice.calls.length === 1);
    await alice.calls[0]!.decline();
    await ended(alice.calls[0]!);
    assert.deepEqual(alice.calls[0]!.end, { cause: 'declined', sipStatus: 603, hungUpBy: 'agent' });
    await finished(caller);
  });

  it('logs an incoming call the caller gave up on as cancelled by the caller', async () => {
    const caller = await startSipp({ scenario: 'uac-call-agent-cancel', remote: `127.0.0.1:${stack.udpPort}`, service: 'alice', keys: { caller: '+4930901820', domain: stack.domain }, pauseMs: 300 });
    sipp = caller;
    await waitFor('the call to ring', () => alice.calls.length === 1);
    await ended(alice.calls[0]!);
    assert.deepEqual(alice.calls[0]!.end, { cause: 'cancelled', sipStatus: 487, hungUpBy: 'remote' });
    await finished(caller);
  });

  it('call waiting: answering a second call holds the first, and resuming the first holds the second', async () => {
    const bob = watchPhone(stack, 'bob');
    phones.push(bob);
    await bob.phone.start();
    const far = await pstn('uas-answer');
    const first = await alice.phone.dial(target());
    await waitFor('the first call to connect', () => first.state === 'established');
    await bob.phone.dial(target('alice'));
    await waitFor('the second call to ring', () => alice.calls.length === 2 && alice.calls[1]?.state === 'ringing');
    const second = alice.calls[1]!;
    await second.answer();
    await waitFor('the second call to connect', () => second.state === 'established');
    assert.equal(first.onHold, true);
    assert.equal(second.onHold, false);
    await first.resume();
    assert.equal(first.onHold, false);
    assert.equal(second.onHold, true);
    await second.hangup();
    await first.hangup();
    await finished(far);
  });

  it('ends a call the agent cancelled even when the answer to the CANCEL is lost with the old connection', async () => {
    const agent = watchPhone(stack, 'alice', { cancelAnswerTimeoutMs: 1500 });
    const callee = watchPhone(stack, 'bob');
    phones.push(agent, callee);
    await Promise.all([agent.phone.start(), callee.phone.start()]);
    const call = await agent.phone.dial(target('bob'));
    await waitFor('bob to ring', () => callee.calls[0]?.state === 'ringing');
    await stack.restart();
    await waitFor('registration to come back', () => agent.registrations.some((r) => r.state === 'reconnecting') && agent.phone.registration === 'registered', 15_000);
    await call.hangup();
    await ended(call);
    assert.deepEqual(call.end, { cause: 'cancelled', sipStatus: 487, hungUpBy: 'agent' });
    assert.equal(agent.phone.calls.length, 0, 'the call left the list, so the agent can sign out');
  });

  it('ends a call whose microphone was refused with the microphone message, and says so on the next dial', async () => {
    const denied = watchPhone(stack, 'bob', {
      sessionDescriptionHandlerFactory: () =>
        ({
          getDescription: () => Promise.reject(Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' })),
          setDescription: () => Promise.resolve(),
          hasDescription: () => true,
          sendDtmf: () => false,
          close: () => undefined,
        }) as never,
    });
    phones.push(denied);
    await denied.phone.start();
    await assert.rejects(denied.phone.dial(target()), /blocked the microphone/);
    const call = denied.calls[0]!;
    await ended(call);
    assert.deepEqual(call.end, { cause: 'failed', sipStatus: null, hungUpBy: 'system' });
    assert.equal(call.problem?.code, 'microphone-denied');
    await assert.rejects(denied.phone.dial(target()), /blocked the microphone/);
    assert.equal(denied.calls.length, 1, 'no second call was started');
  });

  it('asks the browser for the microphone again on the next dial, once the agent has allowed it', async () => {
    let allowed = false;
    const media = {
      prepare: async () => {
        if (!allowed) throw Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
      },
      microphoneStream: async () => {
        throw new Error('not used: the plain RTP handler needs no stream');
      },
      setMicrophone: async () => undefined,
      setSpeaker: async () => undefined,
      attachRemote: () => undefined,
      close: () => undefined,
    };
    const agent = watchPhone(stack, 'bob', { media });
    phones.push(agent);
    await agent.phone.start();
    assert.equal(agent.phone.problem?.code, 'microphone-denied');
    await assert.rejects(agent.phone.dial(target()), /blocked the microphone/);
    assert.equal(agent.calls.length, 0, 'nothing was dialled without a microphone');
    allowed = true;
    const far = await pstn('uas-busy');
    const call = await agent.phone.dial(target());
    await ended(call);
    assert.equal(call.end?.cause, 'busy');
    assert.equal(agent.phone.problem, null);
    await finished(far);
  });
});
