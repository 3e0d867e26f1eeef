/// <reference lib="dom" />
/**
 * The baseline softphone: what a developer writes from sip.js's README. A UserAgent, a Registerer and, on a click on
 * a `tel:` link, an Inviter, all with sip.js's defaults (its default session description handler factory: a fresh
 * getUserMedia and RTCPeerConnection per call, Google's STUN server, a 5 s ICE gathering timeout). Nothing tuned.
 *
 * The account comes from the page's query string (`server`, `aor`, `user`, `password`, `domain`); the page exposes
 * `window.baseline` for the benchmark to read and to hang up.
 */
import { Inviter, Registerer, RegistererState, SessionState, UserAgent } from 'sip.js';

/** A call as the benchmark reads it; times are wall-clock epoch ms on the page's high-resolution clock. */
interface BaselineCall {
  readonly callId: string;
  establishedAt: number | null;
  endedAt: number | null;
  error: string | null;
}

const query = new URLSearchParams(location.search);
const param = (name: string): string => {
  const value = query.get(name);
  if (!value) throw new Error(`the page needs ?${name}=`);
  return value;
};
const now = (): number => performance.timeOrigin + performance.now();

const userAgent = new UserAgent({
  uri: UserAgent.makeURI(param('aor')),
  authorizationUsername: param('user'),
  authorizationPassword: param('password'),
  transportOptions: { server: param('server') },
});
const registerer = new Registerer(userAgent);
const calls: BaselineCall[] = [];
const inviters: Inviter[] = [];
const state = { registered: false, calls, hangup };
(window as unknown as { baseline: typeof state }).baseline = state;

registerer.stateChange.addListener((next) => (state.registered = next === RegistererState.Registered));
void userAgent.start().then(() => registerer.register());

document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest('a[href^="tel:"]');
  if (!link) return;
  event.preventDefault();
  const number = decodeURIComponent(link.getAttribute('href')!.slice(4));
  const target = UserAgent.makeURI(`sip:${number}@${param('domain')}`);
  if (!target) throw new Error(`cannot dial ${number}`);
  const inviter = new Inviter(userAgent, target);
  const call: BaselineCall = { callId: inviter.request.callId, establishedAt: null, endedAt: null, error: null };
  calls.push(call);
  inviters.push(inviter);
  inviter.stateChange.addListener((next) => {
    if (next === SessionState.Established) call.establishedAt = now();
    if (next === SessionState.Terminated) call.endedAt = now();
  });
  inviter.invite().catch((error: unknown) => (call.error = String(error)));
});

/** Hangs up call `index` and resolves once it is over. */
async function hangup(index: number): Promise<void> {
  const inviter = inviters[index];
  if (!inviter) throw new Error(`no call ${index}`);
  if (inviter.state === SessionState.Established) await inviter.bye();
  else if (inviter.state !== SessionState.Terminated) await inviter.cancel();
  while (inviter.state !== SessionState.Terminated) await new Promise((resolve) => setTimeout(resolve, 10));
}
