import fc from 'fast-check';
import { anyBody, bodyFor, edgeBody, SHAPED_BODIES, type FuzzBody } from './fuzz-bodies.js';
import { credentialName, slot, type CredentialPool } from './fuzz-credentials.js';
import { authorization, contentType, fuzzHeaders, HEADER_CHAR } from './fuzz-headers.js';
import { fuzzPath, knownPath, percentEncode } from './fuzz-paths.js';
import type { WireRequest } from './raw-http-client.js';
import { CRM_ORIGIN, PUBLIC_URL } from './security-rig.js';

/** A generated request, credentials still as slots (see {@link CredentialPool}). */
export interface FuzzRequest {
  readonly method: string;
  /** Path and query string, encoded. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: FuzzBody;
  readonly chunked: boolean;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PURGE', 'PROPFIND', 'TRACE'];
const QUERY_KEYS = ['number', 'return', 'code', 'state', 'error', 'error_description', 'limit', 'before', 'q', 'type', 'access_token', 'token', 'key', '__proto__', 'number[]', 'constructor'];

const queryValue = fc.oneof(
  fc.constantFrom('+14155552671', PUBLIC_URL, CRM_ORIGIN, '', '%', '%zz', '%00', '%C3%28'),
  fc.string({ maxLength: 60 }).map(percentEncode),
  fc.uint8Array({ maxLength: 30 }).map(percentEncode),
  credentialName.map(slot),
  fc.integer({ min: 200, max: 4000 }).map((n) => 'q'.repeat(n)),
);

/** `?k=v&...`, keys known or not and sometimes repeated (the simple query parser makes a list of them), or nothing. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 12 }).map(percentEncode)), queryValue), { minLength: 1, maxLength: 4 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  },
  { weight: 1, arbitrary: fc.string({ unit: HEADER_CHAR, maxLength: 40 }).map((text) => `?${percentEncode(text)}`) },
);

/** Any method, a known route with its segments mutated, any query, headers and body. */
export const anyRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom(...METHODS),
  target: fc.tuple(fuzzPath, queryString).map(([path, query]) => path + query),
  headers: fuzzHeaders({ type: fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: contentType }, { weight: 1, arbitrary: fc.constant(undefined) }) }),
  body: anyBody,
  chunked: fc.boolean(),
});

/** The JSON routes, each with the body shape and content type it takes. */
const JSON_ROUTES = [
  { path: '/api/v1/auth/local', shape: SHAPED_BODIES.local, type: 'application/json' },
  { path: '/api/v1/auth/refresh', shape: SHAPED_BODIES.empty, type: 'application/json' },
  { path: '/api/v1/auth/sign-out', shape: SHAPED_BODIES.empty, type: 'application/json' },
  { path: '/api/v1/resolve', shape: SHAPED_BODIES.resolve, type: 'application/json' },
  { path: '/api/v1/calls/events', shape: SHAPED_BODIES.events, type: 'application/json' },
  { path: '/api/v1/calls/events/beacon', shape: SHAPED_BODIES.beacon, type: 'text/plain;charset=UTF-8' },
] as const;
const jsonRoute = fc.constantFrom(...JSON_ROUTES);

/** POSTs to the JSON routes with bodies of their shape or nearly, mostly signed in and mostly of the right type. */
export const jsonRouteRequest: fc.Arbitrary<FuzzRequest> = jsonRoute.chain((route) =>
  fc.record({
    method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH', 'GET') }),
    target: fc.constant(route.path),
    headers: fuzzHeaders({
      auth: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('agentA', 'agentB').map((name) => `Bearer ${slot(name)}`) }, { weight: 1, arbitrary: authorization }),
      type: fc.oneof({ weight: 4, arbitrary: fc.constant(route.type) }, { weight: 1, arbitrary: contentType }),
    }),
    body: bodyFor(route.shape),
    chunked: fc.boolean(),
  }),
);

/** Every route as it is, with every kind of credential in every place. */
export const credentialRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'HEAD'),
  target: fc.tuple(knownPath, queryString).map(([path, query]) => path + query),
  headers: fuzzHeaders({ auth: authorization, type: fc.constant('application/json') }),
  body: fc.oneof(fc.constant(null), credentialName.map((name) => ({ text: JSON.stringify({ key: slot(name), token: slot(name), events: [] }) }))),
  chunked: fc.constant(false),
});

/** The JSON routes with bodies at the edges, under every content type and encoding. */
export const edgeBodyRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constant('POST'),
  target: jsonRoute.map((route) => route.path),
  headers: fuzzHeaders({ auth: fc.constantFrom(`Bearer ${slot('agentA')}`, `Bearer ${slot('tamperedA')}`) }),
  body: edgeBody,
  chunked: fc.boolean(),
});

/** The request as it goes on the wire, credentials filled in from `pool`. */
export function toWire(req: FuzzRequest, pool: CredentialPool): WireRequest {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, pool.fill(value)]));
  const body = req.body === null ? undefined : 'text' in req.body ? Buffer.from(pool.fill(req.body.text), 'utf8') : Buffer.from(req.body.bytes);
  return { method: req.method, path: pool.fill(req.target), headers, ...(body ? { body } : {}), chunked: req.chunked };
}
