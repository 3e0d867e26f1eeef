import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Inviter, SessionState, UserAgent } from 'sip.js';
import { requireExecutable } from './require-tool.js';
import { rtpengineCommand } from './rtpengine-ng.js';
import { udpPortBound } from './udp-port-bound.js';
import {
  PlainRtpSessionDescriptionHandler,
  plainRtpHandlerOf,
  startKamailio,
  startNodeAgent,
  startSipp,
  type KamailioStack,
  type NodeAgent,
} from './sip-stack.js';
import { waitFor, waitForSessionState } from './session-waits.js';

const ALICE = { username: 'alice', password: 'alice-secret' };
const BOB = { username: 'bob', password: 'bob-secret' };

describe('SIP test stack: Kamailio and sipp', () => {
  let stack: KamailioStack;
  const agents: NodeAgent[] = [];
  const agent = async (user: { username: string; password: string }, on = stack): Promise<NodeAgent> => {
    const started = await startNodeAgent({ stack: on, user });
    agents.push(started);
    return started;
  };

  before(async () => {
    stack = await startKamailio({ users: [ALICE, BOB] });
  });
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((started) => started.stop()));
  });
  after(async () => {
    await stack?.stop();
  });

  it('starts Kamailio on free loopback ports and frees them when stopped', async () => {
    const own = await startKamailio({ users: [ALICE], domain: 'calls.example.test' });
    assert.equal(own.domain, 'calls.example.test');
    assert.equal(own.wsUrl, `ws://127.0.0.1:${own.wsPort}`);
    assert.equal(new Set([own.udpPort, own.wsPort, own.pstnPort, stack.udpPort, stack.wsPort]).size, 5);
    assert.notEqual(own.udpPort, 5060);
    assert.equal(await udpPortBound(own.udpPort), true);
    await own.stop();
    assert.equal(await udpPortBound(own.udpPort), false);
    assert.match(own.logs(), /Listening on/);
    assert.equal(own.mediaRelay, null, 'no media relay unless asked for');
  });

  it('with relayMedia starts rtpengine too, keeps it running across a Kamailio restart, and stops both', async () => {
    const started = Date.now();
    const own = await startKamailio({ users: [ALICE], relayMedia: true });
    console.log(`      Kamailio with rtpengine started in ${Date.now() - started} ms`);
    const relay = own.mediaRelay!;
    assert.ok(relay, 'the stack has a media relay');
    assert.equal((await rtpengineCommand(relay.ngPort, { command: 'ping' })).result, 'pong');
    assert.match(own.logs(), /rtpengine instance <udp:127\.0\.0\.1:\d+> found/);
    await own.restart();
    assert.equal((await rtpengineCommand(relay.ngPort, { command: 'ping' })).result, 'pong', 'rtpengine outlives the restart');
    assert.match(relay.logs(), /Startup complete/);
    await own.stop();
    assert.equal(await udpPortBound(relay.ngPort), false, 'rtpengine stopped with the stack');
    assert.equal(await udpPortBound(own.udpPort), false);
  });

  it('listens on a given WebSocket port, and when Kamailio fails to start shows its log and rtpengine\'s', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const wsPort = (taken.address() as { port: number }).port;
    try {
      await assert.rejects(
        startKamailio({ users: [ALICE], relayMedia: true, wsPort, startTimeoutMs: 3000 }),
        (error: Error) => {
          assert.match(error.message, /Kamailio did not start/);
          assert.match(error.message, /--- Kamailio log ---/);
          assert.match(error.message, /--- rtpengine log ---[\s\S]*Startup complete/);
          return true;
        },
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    const own = await startKamailio({ users: [ALICE], wsPort });
    try {
      assert.equal(own.wsUrl, `ws://127.0.0.1:${wsPort}`);
    } finally {
      await own.stop();
    }
  });

  it('carries a call from the PSTN side through Kamailio to the PSTN stand-in and back', async () => {
    const uas = await startSipp({ scenario: 'uas-answer', localPort: stack.pstnPort, timeoutMs: 10_000 });
    const uac = await startSipp({
      scenario: 'uac-call-agent',
      remote: `127.0.0.1:${stack.udpPort}`,
      service: '+14155550123',
      keys: { caller: '+442079460958', domain: stack.domain },
      pauseMs: 50,
      timeoutMs: 10_000,
    });
    const [called, caller] = await Promise.all([uas.done, uac.done]);
    assert.equal(caller.exitCode, 0, caller.diagnostics);
    assert.equal(called.exitCode, 0, called.diagnostics);
    assert.equal(called.successfulCalls, 1);
    assert.equal(called.received('INVITE')[0]?.startLine, `INVITE sip:+14155550123@${stack.domain} SIP/2.0`);
    assert.equal(called.received('BYE').length, 1);
  });

  it('registers a sip.js agent over WebSocket: challenged with 401, then 200', async () => {
    const alice = await agent(ALICE);
    assert.equal(await alice.register(), 200);
    assert.deepEqual(alice.trace.responses('REGISTER'), [401, 200]);
  });

  it('refuses a wrong password with 403, which the phone can show as a refused registration', async () => {
    const intruder = await agent({ username: 'alice', password: 'not-her-password' });
    assert.equal(await intruder.register(), 403);
    assert.deepEqual(intruder.trace.responses('REGISTER'), [401, 403]);
  });

  it('refuses an unknown user with 403', async () => {
    const stranger = await agent({ username: 'mallory', password: 'anything' });
    assert.equal(await stranger.register(), 403);
  });

  it('accepts a fresh registration after a restart on the same ports, once the old connection has dropped', async () => {
    const own = await startKamailio({ users: [ALICE, BOB] });
    try {
      const before = await agent(ALICE, own);
      assert.equal(await before.register(), 200);
      const wsUrl = own.wsUrl;
      const disconnected = waitFor<void>('the old WebSocket to close', (done) => {
        before.userAgent.transport.onDisconnect = () => done();
      });
      await own.restart();
      await disconnected;
      assert.equal(own.wsUrl, wsUrl);
      const after = await agent(ALICE, own);
      assert.equal(await after.register(), 200);
      assert.match(own.logs(), /--- restart ---/);
    } finally {
      // Agents first, while their server still answers the un-REGISTER: stopped after it, one can wait out a
      // transaction timeout on a socket whose close it has not noticed yet.
      await Promise.all(agents.splice(0).map((started) => started.stop()));
      await own.stop();
    }
  });

  it('routes a call between two registered agents over WebSocket, both legs authenticated on the caller side', async () => {
    const bob = await startNodeAgent({
      stack,
      user: BOB,
      onInvite: (invitation) => void invitation.accept(),
    });
    agents.push(bob);
    const alice = await agent(ALICE);
    assert.equal(await bob.register(), 200);
    assert.equal(await alice.register(), 200);
    const inviter = new Inviter(alice.userAgent, UserAgent.makeURI(`sip:bob@${stack.domain}`)!);
    await inviter.invite();
    await waitForSessionState(inviter, SessionState.Established);
    const byeAnswer = waitFor<number>('the BYE to be answered', (done) => {
      void inviter.bye({ requestDelegate: { onAccept: (response) => done(response.message.statusCode ?? 0) } });
    });
    assert.equal(await byeAnswer, 200);
    assert.deepEqual(alice.trace.responses('INVITE', inviter.request.callId).filter((s) => s >= 200), [407, 200]);
  });

  it('names the Debian package when a tool is missing', () => {
    assert.throws(
      () => requireExecutable('no-such-sip-tool', 'no-such-package'),
      /no-such-sip-tool is not installed: install the Debian package no-such-package/,
    );
  });

  it('names rtpengine-daemon when the media relay is asked for and rtpengine is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await assert.rejects(
        startKamailio({ users: [ALICE], relayMedia: true }),
        /rtpengine is not installed: install the Debian package rtpengine-daemon/,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('PlainRtpSessionDescriptionHandler', () => {
  it('offers plain RTP/AVP with PCMU and telephone-event, sendrecv', async () => {
    const handler = new PlainRtpSessionDescriptionHandler({ rtpPort: 41000 });
    const offer = await handler.getDescription();
    assert.equal(offer.contentType, 'application/sdp');
    assert.match(offer.body, /^m=audio 41000 RTP\/AVP 0 101\r$/m);
    assert.match(offer.body, /^a=rtpmap:0 PCMU\/8000\r$/m);
    assert.match(offer.body, /^a=rtpmap:101 telephone-event\/8000\r$/m);
    assert.equal(handler.localDirection, 'sendrecv');
    assert.equal(handler.offerAnswerState, 'have-local-offer');
  });

  it('offers sendonly to hold and answers the mirror of the peer direction', async () => {
    const handler = new PlainRtpSessionDescriptionHandler();
    await handler.getDescription({ hold: true });
    assert.equal(handler.localDirection, 'sendonly');
    await handler.setDescription(sdpWith('recvonly'));
    assert.equal(handler.offerAnswerState, 'stable');
    await handler.setDescription(sdpWith('sendonly'));
    await handler.getDescription();
    assert.equal(handler.localDirection, 'recvonly');
    await handler.setDescription(sdpWith('sendrecv'));
    await handler.getDescription({ hold: true });
    assert.equal(handler.localDirection, 'sendonly', 'held while answering');
  });

  it('rolls back an offer, rejects what is not SDP, and refuses work once closed', async () => {
    const handler = new PlainRtpSessionDescriptionHandler();
    await handler.getDescription();
    await handler.rollbackDescription();
    assert.equal(handler.offerAnswerState, 'stable');
    await assert.rejects(handler.setDescription('hello'), /not an SDP/);
    assert.equal(handler.hasDescription('application/sdp'), true);
    assert.equal(handler.hasDescription('text/plain'), false);
    handler.close();
    await assert.rejects(handler.getDescription(), /closed/);
  });

  it('reports RTP DTMF as sent or not, as configured, so callers can fall back to SIP INFO', () => {
    const rtp = new PlainRtpSessionDescriptionHandler();
    const infoOnly = new PlainRtpSessionDescriptionHandler({ dtmfResult: false });
    assert.equal(rtp.sendDtmf('12#'), true);
    assert.deepEqual(rtp.dtmfSent, ['12#']);
    assert.equal(infoOnly.sendDtmf('5'), false);
    assert.deepEqual(infoOnly.dtmfSent, []);
  });

  it('carries a sip.js call from Node through Kamailio to uas-answer: held, resumed, INFO, hung up', async () => {
    const stack = await startKamailio({ users: [ALICE] });
    const alice = await startNodeAgent({ stack, user: ALICE, sdh: { dtmfResult: false } });
    try {
      const uas = await startSipp({ scenario: 'uas-answer', localPort: stack.pstnPort, timeoutMs: 10_000 });
      const inviter = new Inviter(alice.userAgent, UserAgent.makeURI(`sip:+14155550123@${stack.domain}`)!);
      await inviter.invite();
      await waitForSessionState(inviter, SessionState.Established);
      const handler = plainRtpHandlerOf(inviter);
      assert.equal(handler.remoteDirection, 'sendrecv');

      const reinvite = (hold: boolean): Promise<void> =>
        waitFor<void>('the re-INVITE to be answered', (done) => {
          void inviter.invite({
            sessionDescriptionHandlerOptions: { hold } as object,
            requestDelegate: { onAccept: () => done() },
          });
        });
      await reinvite(true);
      assert.equal(handler.localDirection, 'sendonly');
      assert.equal(handler.remoteDirection, 'recvonly');
      await reinvite(false);
      assert.equal(handler.localDirection, 'sendrecv');
      assert.equal(handler.remoteDirection, 'sendrecv');

      assert.equal(handler.sendDtmf('7'), false);
      const dtmf = 'Signal=7\r\nDuration=160\r\n';
      await waitFor<void>('the INFO to be answered', (done) => {
        void inviter.info({
          requestDelegate: { onAccept: () => done() },
          requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: dtmf } },
        });
      });
      await inviter.bye();
      await waitForSessionState(inviter, SessionState.Terminated);

      const result = await uas.done;
      assert.equal(result.exitCode, 0, result.diagnostics);
      assert.equal(result.received('INVITE').length, 3, 'the call and two re-INVITEs');
      assert.match(result.received('INVITE')[1]?.body ?? '', /^a=sendonly$/m);
      assert.match(result.received('INFO')[0]?.body ?? '', /^Signal=7$/m);
    } finally {
      await alice.stop();
      await stack.stop();
    }
  });
});

function sdpWith(direction: string): string {
  return ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 5004 RTP/AVP 0', `a=${direction}`, ''].join('\r\n');
}
