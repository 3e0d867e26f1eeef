import autocannon from 'autocannon';
import { CALL_LIFE, eventsBody, newCallId, type ReportedCall } from './widget-events.js';

export interface EventLoadSettings {
  readonly connections: number;
  readonly warmupS: number;
  readonly durationS: number;
}

export interface EventLoadOutcome {
  /** The measured run (the warm-up's numbers are left out). */
  readonly measured: autocannon.Result;
  /** Ids of every event a 2xx answered, warm-up included: each must be in the store. */
  readonly acceptedEventIds: readonly string[];
}

/** Where the widgets' calls go: a demo CRM contact's mobile, dialled from the contact. */
const CALLED: Pick<ReportedCall, 'to' | 'record'> = { to: '+16502530000', record: { objectType: 'Contact', id: 'CON-0001' } };

/**
 * Posts call events to `<baseUrl>/api/v1/calls/events` from `connections` keep-alive connections, one request at a
 * time each (no pipelining: a widget waits for each answer). Each connection behaves as a widget reporting one call
 * after another, every event once, in order ({@link CALL_LIFE}); each new call goes to the next of `agentTokens` in
 * turn, so the load spreads evenly over the agents. Every request carries a new event, so nothing is a duplicate.
 */
export async function postEventLoad(baseUrl: string, agentTokens: readonly string[], settings: EventLoadSettings): Promise<EventLoadOutcome> {
  const accepted: string[] = [];
  let nextAgent = 0;
  const widget = (client: autocannon.Client) => {
    let call: ReportedCall = { callId: '', from: '', to: '', record: null };
    let token = '';
    let step = CALL_LIFE.length;
    let inFlight = '';
    client.setRequests([
      {
        method: 'POST',
        path: '/api/v1/calls/events',
        setupRequest: (request) => {
          if (step === CALL_LIFE.length) {
            const agent = nextAgent++ % agentTokens.length;
            token = agentTokens[agent]!;
            call = { callId: newCallId(), from: `agent${agent + 1}`, ...CALLED };
            step = 0;
          }
          const body = eventsBody(call, CALL_LIFE[step++]!);
          inFlight = body.events[0].eventId as string;
          return { ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) };
        },
        onResponse: (status) => {
          if (status >= 200 && status < 300) accepted.push(inFlight);
        },
      },
    ]);
  };
  const run = (durationS: number) =>
    autocannon({ url: baseUrl, method: 'POST', connections: settings.connections, pipelining: 1, duration: durationS, setupClient: widget });
  await run(settings.warmupS);
  const measured = await run(settings.durationS);
  return { measured, acceptedEventIds: accepted };
}
