/**
 * How many Salesforce requests the connector spends logging finished calls with their wrap-ups, and how soon after a
 * call ends its activity is in Salesforce. Run by bench/run.ts (`npm run bench -- crm-logging`).
 *
 * One connector process on SQLite, every outbox and CRM setting at its default, on the Salesforce stand-in over
 * loopback (bench/support/salesforce-crm.ts). The agents are widgets without SIP (bench/support/scripted-widget.ts),
 * posting every event as a widget posts it, one request per change of the call, and the wrap-up after the call.
 * 1. Requests: 100 agents x 10 calls, each agent's calls one after another, each wrapped up a little after it ended.
 *    Every request the stand-in receives counts (token, lookups, upserts, resends); the stand-in must end with exactly
 *    the 1,000 Tasks the widgets reported, each right.
 * 2. Latency: on the same connector, idle again, 48 calls ending one every 300-500 ms, each measured from the moment
 *    the widget's POST carrying its wrap-up left (the agent is done with the call; the connector holds a call's log for
 *    the wrap-up its agent was shown, `WRAPUP_HOLD_S`) to the moment the stand-in stored the Task.
 * 3. The trade-off, in the details: the shift again on a new connector whose flush window is a minute, the longest
 *    allowed, so requests fill up at the cost of that much delay.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { seeded } from '../test/process/posted-calls.js';
import { percentile, round1, type BenchResult, type Benchmark } from './bench-kit.js';
import { describeTraffic, markTraffic, SalesforceConnector, trafficSince, type CrmTraffic } from './support/salesforce-crm.js';
import { PostLog, ScriptedWidget, type CallPlan } from './support/scripted-widget.js';

const AGENTS = 100;
const CALLS_PER_AGENT = 10;
const LATENCY_CALLS = 48;
const LATENCY_AGENTS = 8;
const SEED = 20261123;
/** How long the outbox may take to deliver everything once the widgets are done (a long flush window included). */
const DRAIN_TIMEOUT_MS = 120_000;
/** `OUTBOX_FLUSH_MS`' largest value, for the trade-off run. */
const LONG_FLUSH_MS = 60_000;

export const benchmark: Benchmark = {
  name: 'crm-logging',
  title: 'Salesforce requests per 1,000 logged calls, and how soon a call is logged',
  run: measure,
};

/** A call to check in Salesforce: whose it is and how it was meant to go. */
interface PlacedCall {
  readonly agentId: string;
  readonly plan: CallPlan;
}

async function measure(): Promise<BenchResult> {
  const random = seeded(SEED);
  const crm = await SalesforceConnector.start();
  const widgets: ScriptedWidget[] = [];
  try {
    const posts = new PostLog();
    for (const agent of await crm.signInAgents(AGENTS)) widgets.push(await ScriptedWidget.open(crm.base, agent, posts));

    // 1. A shift of 100 agents, ten calls each.
    const mark = markTraffic(crm.standIn);
    const shiftStarted = Date.now();
    const shift = await workShift(crm, widgets, posts, random);
    const shiftSeconds = (Date.now() - shiftStarted) / 1000;
    const traffic = trafficSince(crm.standIn, mark);
    const ends = shift.map(({ agentId, plan }) => posts.firstSent(agentId, plan.callId, 'ended'));
    const endSpan = (Math.max(...ends) - Math.min(...ends)) / 1000;

    // 2. Low load: one call ending every 300-500 ms.
    const quietMark = markTraffic(crm.standIn);
    const quiet: PlacedCall[] = [];
    let endAt = Date.now() + 2500;
    const calls: Promise<void>[] = [];
    for (let n = 0; n < LATENCY_CALLS; n++) {
      const plan = quietCall(random);
      const widget = widgets[n % LATENCY_AGENTS]!;
      quiet.push({ agentId: widget.agent.id, plan });
      const startAt = endAt - plan.setupMs - plan.ringMs - plan.talkMs;
      calls.push(sleep(startAt - Date.now()).then(() => widget.call(plan)));
      endAt += 300 + random() * 200;
    }
    await Promise.all(calls);
    await Promise.all(widgets.map((widget) => widget.drain()));
    await waitUntilLogged(crm, posts, quiet);
    const quietTraffic = trafficSince(crm.standIn, quietMark);
    const logged = quiet.map(({ agentId, plan }) => storedAt(crm, agentId, plan)[0]! - posts.firstSent(agentId, plan.callId, 'wrapup'));
    const fromEnd = quiet.map(({ agentId, plan }) => storedAt(crm, agentId, plan)[0]! - posts.firstSent(agentId, plan.callId, 'ended'));
    const rewritten = [...shift, ...quiet].filter(({ agentId, plan }) => storedAt(crm, agentId, plan).length > 1).length;

    const longWindow = await shiftWithLongFlushWindow(random);

    const outcomes = countBy(shift.map(({ plan }) => plan.outcome));
    const perThousand = (requests: number, callCount: number) => (requests * 1000) / callCount;
    return {
      figures: [
        {
          key: 'crm_requests_per_1000_calls',
          value: round1(perThousand(traffic.total, shift.length)),
          unit: 'requests',
          better: 'lower',
          goal: { op: '<=', value: 6 },
          means: 'Salesforce API requests spent to log 1,000 calls with their wrap-ups: each counts against the org’s daily API limit.',
        },
        {
          key: 'crm_logging_latency_ms_p95',
          value: round1(percentile(logged, 95)),
          unit: 'ms',
          better: 'lower',
          means: 'How long after the agent finishes a call (saves or skips its wrap-up) the activity, notes included, is on the Salesforce record: 95% of calls, at low load.',
        },
      ],
      details: [
        `connector: one process, SQLite, CRM=salesforce on the stand-in over loopback, every other setting at its default (OUTBOX_FLUSH_MS=500, OUTBOX_BATCH_SIZE=200 decide the batching); seed ${SEED}`,
        `shift: ${AGENTS} agents x ${CALLS_PER_AGENT} calls, each agent's calls one after another (${outcomes.answered ?? 0} answered after 1-3 s ringing and 1.5-6 s talk, ` +
          `${outcomes['no-answer'] ?? 0} unanswered after 4-5 s ringing, ${outcomes.busy ?? 0} busy), each wrapped up (disposition + notes) 1-3 s after it ended; ` +
          `the widgets' CallReporter and EventSender posted ${posts.requests} event requests (${posts.refusals.length} not 202) in ${shiftSeconds.toFixed(0)} s`,
        `shift pace: calls ended over ${endSpan.toFixed(0)} s, ${(shift.length / endSpan).toFixed(1)} per second (${((shift.length / endSpan) * 0.5).toFixed(1)} per 500 ms flush window); ` +
          'a real 100-agent team on 5-minute calls ends about 0.3 a second, so this shift batches far better than real life would (see the low-load line)',
        `shift: ${describeTraffic(traffic)}`,
        `checked: the stand-in holds exactly ${shift.length} Tasks, each inserted once, with the talk time, result, disposition and notes the widgets reported; ` +
          `${rewritten} of ${shift.length + quiet.length} Tasks were written more than once (each call's log waits for its wrap-up: WRAPUP_HOLD_S=120, the default)`,
        `latency: ${LATENCY_CALLS} calls from ${LATENCY_AGENTS} agents, one ending every 300-500 ms, each wrapped up 0.6-1.2 s after its end; from the widget's POST of the wrap-up to the stand-in storing the Task: ` +
          `p50 ${percentile(logged, 50)} ms, p95 ${percentile(logged, 95)} ms, max ${Math.max(...logged)} ms`,
        `latency from the POST of the ended event (the agent's wrap-up time included): p50 ${percentile(fromEnd, 50)} ms, p95 ${percentile(fromEnd, 95)} ms`,
        `low load: ${describeTraffic(quietTraffic)}; ${perThousand(quietTraffic.total, quiet.length).toFixed(0)} requests per 1,000 calls at this pace`,
        `the trade-off: the same shift on a new connector with OUTBOX_FLUSH_MS=${LONG_FLUSH_MS} (the longest allowed: a finished call waits up to a minute for others to share its request): ` +
          `${round1(perThousand(longWindow.traffic.total, longWindow.calls))} requests per 1,000 calls (${describeTraffic(longWindow.traffic)}); wrap-up to Task stored p50 ${longWindow.latencyP50} ms`,
      ],
    };
  } finally {
    for (const widget of widgets) widget.stop();
    await crm.stop();
  }
}

/** 100 agents x 10 calls, each agent's one after another; resolves once every call is logged right. */
async function workShift(crm: SalesforceConnector, widgets: readonly ScriptedWidget[], posts: PostLog, random: () => number): Promise<PlacedCall[]> {
  const shift: PlacedCall[] = [];
  await Promise.all(
    widgets.map(async (widget) => {
      await sleep(random() * 3000);
      for (let n = 0; n < CALLS_PER_AGENT; n++) {
        const plan = shiftCall(random);
        shift.push({ agentId: widget.agent.id, plan });
        await widget.call(plan);
        await sleep(200 + random() * 600);
      }
    }),
  );
  await Promise.all(widgets.map((widget) => widget.drain()));
  await waitUntilLogged(crm, posts, shift);
  if (crm.standIn.tasks.size !== shift.length || crm.standIn.inserts.length !== shift.length) {
    throw new Error(`the stand-in holds ${crm.standIn.tasks.size} Tasks from ${crm.standIn.inserts.length} inserts, not ${shift.length}`);
  }
  return shift;
}

/** The shift again on a connector of its own that waits up to `LONG_FLUSH_MS` to fill a request. */
async function shiftWithLongFlushWindow(random: () => number): Promise<{ calls: number; traffic: CrmTraffic; latencyP50: number }> {
  const crm = await SalesforceConnector.start({ OUTBOX_FLUSH_MS: String(LONG_FLUSH_MS) });
  const widgets: ScriptedWidget[] = [];
  try {
    const posts = new PostLog();
    for (const agent of await crm.signInAgents(AGENTS)) widgets.push(await ScriptedWidget.open(crm.base, agent, posts));
    const mark = markTraffic(crm.standIn);
    const shift = await workShift(crm, widgets, posts, random);
    const latency = shift.map(({ agentId, plan }) => storedAt(crm, agentId, plan)[0]! - posts.firstSent(agentId, plan.callId, 'wrapup'));
    return { calls: shift.length, traffic: trafficSince(crm.standIn, mark), latencyP50: percentile(latency, 50) };
  } finally {
    for (const widget of widgets) widget.stop();
    await crm.stop();
  }
}

/** A call of the shift: 75% answered, 12% unanswered, 13% busy; every one wrapped up. */
function shiftCall(random: () => number): CallPlan {
  const roll = random();
  const outcome = roll < 0.75 ? 'answered' : roll < 0.87 ? 'no-answer' : 'busy';
  return plan(random, outcome, {
    setupMs: 150 + random() * 250,
    ringMs: outcome === 'answered' ? 1000 + random() * 2000 : 4000 + random() * 1000,
    talkMs: 1500 + random() * 4500,
    wrapUpMs: 1000 + random() * 2000,
  });
}

/** A short answered call of the low-load run. */
function quietCall(random: () => number): CallPlan {
  return plan(random, 'answered', { setupMs: 150 + random() * 150, ringMs: 300 + random() * 300, talkMs: 800 + random() * 700, wrapUpMs: 600 + random() * 600 });
}

const DISPOSITIONS = {
  answered: ['Connected', 'Call back later', 'Not interested'],
  'no-answer': ['No answer', 'Left voicemail'],
  busy: ['Call back later'],
} as const;

function plan(random: () => number, outcome: CallPlan['outcome'], times: Pick<CallPlan, 'setupMs' | 'ringMs' | 'talkMs' | 'wrapUpMs'>): CallPlan {
  const choices = DISPOSITIONS[outcome];
  const callId = `${randomBytes(10).toString('hex')}@bench.invalid`;
  const number = `+1415555${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
  const notes = `Spoke about the renewal; send the quote by Friday (${callId.slice(0, 6)}). ${'Customer asked for details. '.repeat(1 + Math.floor(random() * 5))}`;
  return { callId, number, outcome, ...times, disposition: choices[Math.floor(random() * choices.length)]!, notes: notes.trim() };
}

/** Waits until every call is in the stand-in as reported, wrap-up included, and the outbox has nothing pending. */
async function waitUntilLogged(crm: SalesforceConnector, posts: PostLog, calls: readonly PlacedCall[]): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const wrong = calls.flatMap((call) => taskProblem(crm, posts, call) ?? []);
    const outbox = wrong.length === 0 ? await crm.outbox() : null;
    if (outbox?.pending === 0 && outbox.dead === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`${wrong.length} of ${calls.length} calls are not logged right ${DRAIN_TIMEOUT_MS / 1000} s after the widgets were done (outbox: ${JSON.stringify(outbox)}), e.g. ${wrong.slice(0, 3).join('; ')}`);
    }
    await sleep(200);
  }
}

/** What is wrong with the call's Task in the stand-in, or null when it holds what the widget reported. */
function taskProblem(crm: SalesforceConnector, posts: PostLog, { agentId, plan }: PlacedCall): string | null {
  const task = crm.standIn.tasks.get(`${agentId}:${plan.callId}`);
  if (!task) return `${plan.callId}: no Task`;
  const answered = posts.event(agentId, plan.callId, 'answered');
  const ended = posts.event(agentId, plan.callId, 'ended');
  const talkSeconds = answered && ended ? Math.round((Date.parse(ended.occurredAt) - Date.parse(answered.occurredAt)) / 1000) : 0;
  const result = { answered: 'answered', busy: 'busy', 'no-answer': 'no answer' }[plan.outcome];
  if (task.CallDurationInSeconds !== talkSeconds) return `${plan.callId}: ${String(task.CallDurationInSeconds)} s, not ${talkSeconds} s`;
  if (!String(task.Subject).includes(`— ${result}`)) return `${plan.callId}: subject "${String(task.Subject)}" does not say ${result}`;
  if (task.CallDisposition !== plan.disposition) return `${plan.callId}: disposition ${String(task.CallDisposition)}, not ${plan.disposition}`;
  if (!String(task.Description).startsWith(plan.notes)) return `${plan.callId}: the description does not start with the notes`;
  return null;
}

function storedAt(crm: SalesforceConnector, agentId: string, plan: CallPlan): number[] {
  const times = crm.standIn.storedAt.get(`${agentId}:${plan.callId}`);
  if (!times) throw new Error(`the stand-in never stored the Task of ${plan.callId}`);
  return times;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
