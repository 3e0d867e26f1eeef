/**
 * Widgets without SIP for the CRM logging benchmark: the widget's own `CallReporter` and `HttpConnectorApi` (with its
 * `EventSender`) over fetch, driven by a scripted phone, so every event is posted as a widget posts it; and the log of
 * what they posted, to time the CRM's side against.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CallReporter } from '../../widget/src/app/call-reporter.js';
import type { WidgetCallEvent } from '../../widget/src/connector/connector-api.js';
import type { FetchLike } from '../../widget/src/connector/connector-ports.js';
import { HttpConnectorApi } from '../../widget/src/connector/http-connector-api.js';
import type { PhoneCall, PhoneCallView } from '../../widget/src/phone/phone-call.js';
import type { SoftPhone, SoftPhoneEvents } from '../../widget/src/phone/soft-phone.js';
import type { SignedInAgent } from './salesforce-crm.js';

/** One scripted call: how it goes, how long each part takes, and the agent's wrap-up. */
export interface CallPlan {
  readonly callId: string;
  /** The number dialled, E.164. */
  readonly number: string;
  readonly outcome: 'answered' | 'busy' | 'no-answer';
  readonly setupMs: number;
  readonly ringMs: number;
  readonly talkMs: number;
  /** From the end of the call to the agent saving the wrap-up. */
  readonly wrapUpMs: number;
  readonly disposition: string;
  readonly notes: string;
}

/** Every call-event request the widgets sent: what each event said, when it first went out, and refused answers. */
export class PostLog {
  requests = 0;
  readonly refusals: string[] = [];
  private readonly events = new Map<string, { readonly event: WidgetCallEvent; readonly sentAt: number }>();

  /** The widget's fetch, noting each call-event request it sends. */
  fetchFor(agentId: string): FetchLike {
    return async (url, init) => {
      const isEvents = url.endsWith('/api/v1/calls/events');
      if (isEvents) {
        this.requests += 1;
        const sentAt = Date.now();
        for (const event of (JSON.parse(String(init.body)) as { events: WidgetCallEvent[] }).events) {
          const key = eventKey(agentId, event.callId, event.type);
          if (!this.events.has(key)) this.events.set(key, { event, sentAt });
        }
      }
      const response = await fetch(url, init);
      if (isEvents && response.status !== 202) this.refusals.push(`HTTP ${response.status}`);
      return response;
    };
  }

  event(agentId: string, callId: string, type: WidgetCallEvent['type']): WidgetCallEvent | null {
    return this.events.get(eventKey(agentId, callId, type))?.event ?? null;
  }

  firstSent(agentId: string, callId: string, type: WidgetCallEvent['type']): number {
    const sent = this.events.get(eventKey(agentId, callId, type));
    if (!sent) throw new Error(`the widget never posted the ${type} event of ${callId}`);
    return sent.sentAt;
  }
}

function eventKey(agentId: string, callId: string, type: string): string {
  return `${agentId}:${callId}#${type}`;
}

type LiveCall = { -readonly [K in keyof PhoneCallView]: PhoneCallView[K] };

/**
 * One agent's widget with a scripted phone in place of sip.js: the widget's real `CallReporter` turns the phone's
 * `callchange`s into events, and its real `HttpConnectorApi` queues and posts them to the connector.
 */
export class ScriptedWidget {
  private constructor(
    readonly agent: SignedInAgent,
    private readonly api: HttpConnectorApi,
    private readonly reporter: CallReporter,
    private readonly listeners: ReadonlySet<SoftPhoneEvents['callchange']>,
  ) {}

  /** Reads the agent's settings, as a widget does at sign-in, for the heartbeat interval. */
  static async open(base: string, agent: SignedInAgent, posts: PostLog): Promise<ScriptedWidget> {
    const api = new HttpConnectorApi({ baseUrl: base, token: () => agent.token, storage: null, storageKey: agent.id, sendBeacon: null, fetch: posts.fetchFor(agent.id) });
    const { heartbeatIntervalS } = await api.settings();
    const listeners = new Set<SoftPhoneEvents['callchange']>();
    // The reporter only listens to `callchange`.
    const phone: Pick<SoftPhone, 'on'> = {
      on: (event, listener) => {
        if (event !== 'callchange') return () => undefined;
        const onChange = listener as SoftPhoneEvents['callchange'];
        listeners.add(onChange);
        return () => listeners.delete(onChange);
      },
    };
    const reporter = new CallReporter({ phone: phone as SoftPhone, connector: api, heartbeatIntervalS });
    return new ScriptedWidget(agent, api, reporter, listeners);
  }

  /** Places the call as planned, then saves its wrap-up; the widget posts each event as the call changes. */
  async call(plan: CallPlan): Promise<void> {
    const { number } = plan;
    const call: LiveCall = {
      callId: plan.callId,
      direction: 'outbound',
      remote: { uri: `sip:${number}@pbx.bench.invalid`, user: number, displayName: null },
      local: this.agent.id,
      state: 'dialing',
      onHold: false,
      muted: false,
      startedAt: Date.now(),
      answeredAt: null,
      endedAt: null,
      end: null,
      problem: null,
      transferredTo: null,
    };
    this.reporter.track(call as PhoneCall, { objectType: 'Contact', id: `003xx${plan.callId.slice(0, 10)}`, name: null }, { consult: false });
    await sleep(plan.setupMs);
    if (plan.outcome === 'busy') {
      this.change(call, { state: 'ended', endedAt: Date.now(), end: { cause: 'busy', sipStatus: 486, hungUpBy: 'remote' } });
    } else {
      this.change(call, { state: 'ringing' });
      await sleep(plan.ringMs);
      if (plan.outcome === 'no-answer') {
        this.change(call, { state: 'ended', endedAt: Date.now(), end: { cause: 'no-answer', sipStatus: 487, hungUpBy: 'system' } });
      } else {
        this.change(call, { state: 'established', answeredAt: Date.now() });
        await sleep(plan.talkMs);
        this.change(call, { state: 'ended', endedAt: Date.now(), end: { cause: 'hangup', sipStatus: null, hungUpBy: 'agent' } });
      }
    }
    await sleep(plan.wrapUpMs);
    this.reporter.wrapUp(plan.callId, plan.disposition, plan.notes);
  }

  drain(): Promise<void> {
    return this.api.drain();
  }

  stop(): void {
    this.reporter.stop();
    this.api.stop();
  }

  private change(call: LiveCall, patch: Partial<LiveCall>): void {
    Object.assign(call, patch);
    for (const listener of this.listeners) listener(call as PhoneCall);
  }
}
