import fc from 'fast-check';
import { credentialName, slot } from './fuzz-credentials.js';
import { CALLS } from './security-rig.js';

/** A request body: text (credential slots are filled in before sending), raw bytes, or none. */
export type FuzzBody = { readonly text: string } | { readonly bytes: Uint8Array } | null;

/** The test app's body limit (`bodyLimitBytes`). */
export const BODY_LIMIT = 100 * 1024;

const anyJson = fc.jsonValue({ maxDepth: 3 });
const now = fc.constant(null).map(() => new Date().toISOString());
const credentialOrJunk = fc.oneof({ weight: 3, arbitrary: credentialName.map(slot) }, { weight: 1, arbitrary: anyJson });

const junkEvent = fc.record(
  {
    eventId: fc.oneof(fc.uuid(), fc.string({ maxLength: 210 })),
    callId: fc.oneof(fc.constantFrom(CALLS.ofA, CALLS.ofB, 'fuzz-call@pbx.example.test'), fc.string({ maxLength: 210 })),
    occurredAt: fc.oneof({ weight: 3, arbitrary: now }, { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) }, { weight: 1, arbitrary: fc.string() }),
    type: fc.oneof(fc.constantFrom('dialing', 'ringing', 'answered', 'held', 'resumed', 'heartbeat', 'transferred', 'ended', 'wrapup'), fc.string()),
    direction: fc.constantFrom('inbound', 'outbound', 'sideways'),
    from: fc.oneof(fc.constant('sip:1001@pbx.example.test'), fc.string({ maxLength: 310 })),
    to: fc.oneof(fc.constant('+14155552671'), fc.string({ maxLength: 310 })),
    record: fc.oneof(fc.constant(null), fc.record({ objectType: fc.constantFrom('Contact', 'Lead', 'Account', 'Task'), id: fc.string({ maxLength: 70 }) })),
    cause: fc.constantFrom('hangup', 'cancelled', 'busy', 'no-answer', 'declined', 'failed', 'exploded'),
    sipStatus: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double(), fc.constant(null)),
    hungUpBy: fc.constantFrom('agent', 'remote', 'system', 'nobody', null),
    disposition: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(null)),
    notes: fc.oneof(fc.string({ maxLength: 500 }), fc.constant(null)),
    target: fc.string({ maxLength: 50 }),
    mode: fc.constantFrom('blind', 'attended', 'psychic'),
  },
  { requiredKeys: ['eventId', 'callId', 'occurredAt', 'type'] },
);

/** An event the API takes: the fields of its type and no others, with text of any kind where text goes. */
const validEvent = fc
  .record({
    eventId: fc.uuid(),
    callId: fc.oneof(fc.constantFrom(CALLS.ofA, CALLS.ofB), fc.string({ unit: fc.constantFrom(...'abc019@.-_:;'.split('')), minLength: 1, maxLength: 40 })),
    occurredAt: now,
  })
  .chain((base) =>
    fc.oneof(
      fc.record({ type: fc.constantFrom('dialing', 'ringing'), direction: fc.constantFrom('inbound', 'outbound'), from: fc.string({ minLength: 1, maxLength: 300 }), to: fc.string({ minLength: 1, maxLength: 300 }) }),
      fc.record({ type: fc.constantFrom('answered', 'held', 'resumed', 'heartbeat') }),
      fc.record({ type: fc.constant('transferred'), target: fc.string({ minLength: 1, maxLength: 300 }), mode: fc.constantFrom('blind', 'attended') }),
      fc.record({ type: fc.constant('ended'), cause: fc.constantFrom('hangup', 'busy', 'failed'), sipStatus: fc.oneof(fc.constant(null), fc.integer({ min: 100, max: 699 })) }),
      fc.record({ type: fc.constant('wrapup'), disposition: fc.oneof(fc.constant(null), fc.string({ maxLength: 255 })), notes: fc.oneof(fc.constant(null), fc.string({ maxLength: 2000 })) }),
    ).map((fields) => ({ ...base, ...fields })),
  );

const event = fc.oneof({ weight: 3, arbitrary: validEvent }, { weight: 1, arbitrary: junkEvent });

/** Bodies shaped like those the JSON routes take, each field sometimes of the wrong kind. */
export const SHAPED_BODIES = {
  local: fc.record({ key: credentialOrJunk }),
  resolve: fc.record(
    {
      number: fc.oneof(fc.constantFrom('+14155552671', '1001', 'sip:bob@pbx.example.test', '+1 (415) 555-2671 ext. 5', '1-800-FLOWERS'), fc.string({ maxLength: 220 })),
      recordId: fc.oneof(fc.constant('CON-0001'), fc.string({ maxLength: 70 })),
      objectType: fc.constantFrom('Contact', 'Lead', 'Account', 'User'),
      purpose: fc.constantFrom('dial', 'display', 'other'),
    },
    { requiredKeys: ['number'] },
  ),
  events: fc.record({ events: fc.array(event, { minLength: 1, maxLength: 4 }) }),
  beacon: fc.record({ token: credentialOrJunk, events: fc.array(event, { minLength: 1, maxLength: 4 }) }),
  empty: fc.constant({}),
};

const shaped = fc.oneof(...Object.values(SHAPED_BODIES));

/** A body of `shape` with one field, known or new, replaced by any JSON value. */
export function withWrongField(shape: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return shape
    .chain((body) => fc.tuple(fc.constant(body), Object.keys(body).length > 0 ? fc.constantFrom(...Object.keys(body)) : fc.string({ maxLength: 10 }), anyJson))
    .map(([body, field, value]) => ({ ...body, [field]: value }));
}

/** A body for one route: of its shape (mostly), with a wrong field, or any JSON. */
export function bodyFor(shape: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    { weight: 3, arbitrary: shape.map((body) => ({ text: JSON.stringify(body) })) },
    { weight: 2, arbitrary: withWrongField(shape).map((body) => ({ text: JSON.stringify(body) })) },
    { weight: 1, arbitrary: anyJson.map((value) => ({ text: JSON.stringify(value) })) },
  );
}

const wrongType = withWrongField(shaped);

const NOT_JSON = ['{', '{"number":', 'null', '""', '[]', '1e999', 'NaN', '{"a":1}garbage', ']', '\u0000', "{'number': '1'}", '{"number":"+14155552671",}'];
const TRICKY_JSON = [
  '{"__proto__":{"role":"admin","disabled":false},"number":"+14155552671"}',
  '{"constructor":{"prototype":{"role":"admin"}},"key":"x"}',
  '{"number":"+14155552671","number":{"$gt":""}}',
  '\uFEFF{"number":"+14155552671"}',
  '{"events":[{"__proto__":{"agentId":"agent-a"},"eventId":"e","callId":"c","occurredAt":"2020-01-01T00:00:00Z","type":"answered"}]}',
];

/** Bodies at the edges: near the size limit, bytes that are not UTF-8, not JSON, deeply nested, tricky keys. */
export const edgeBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  fc.integer({ min: -64, max: 64 }).map((delta) => ({ text: JSON.stringify({ number: 'x'.repeat(BODY_LIMIT - 13 + delta) }) })),
  fc.integer({ min: -64, max: 64 }).map((delta) => ({ text: `{"token":"@@agentA@@","events":[],"pad":"${'p'.repeat(BODY_LIMIT - 380 + delta)}"}` })),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => ({ bytes })),
  fc.uint8Array({ minLength: 1, maxLength: 60 }).map((bytes) => ({ bytes: Buffer.concat([Buffer.from('{"number":"'), bytes, Buffer.from('"}')]) })),
  fc.constantFrom(...NOT_JSON, ...TRICKY_JSON).map((text) => ({ text })),
  fc.string({ maxLength: 200 }).map((text) => ({ text })),
  fc.integer({ min: 100, max: 45_000 }).map((n) => ({ text: '['.repeat(n) + ']'.repeat(n) })),
  fc.integer({ min: 100, max: 18_000 }).map((n) => ({ text: '{"a":'.repeat(n) + '1' + '}'.repeat(n) })),
);

/** Any body: none, shaped, with a wrong field, any JSON, or one at the edges. */
export const anyBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: shaped.map((body) => ({ text: JSON.stringify(body) })) },
  { weight: 2, arbitrary: wrongType.map((body) => ({ text: JSON.stringify(body) })) },
  { weight: 2, arbitrary: anyJson.map((value) => ({ text: JSON.stringify(value) })) },
  { weight: 2, arbitrary: edgeBody },
);
