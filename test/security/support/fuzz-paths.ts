import fc from 'fast-check';
import { CALLS } from './security-rig.js';

/** The public and agent routes of the connector, as path segments (the demo CRM's pages and API included). */
export const ROUTE_TEMPLATES: readonly (readonly string[])[] = [
  ['api', 'v1', 'auth', 'local'],
  ['api', 'v1', 'auth', 'refresh'],
  ['api', 'v1', 'auth', 'sign-out'],
  ['api', 'v1', 'auth', 'methods'],
  ['api', 'v1', 'agent', 'settings'],
  ['api', 'v1', 'resolve'],
  ['api', 'v1', 'lookup'],
  ['api', 'v1', 'records', 'Contact', 'CON-0001', 'numbers'],
  ['api', 'v1', 'records', 'Contact', 'CON-0001', 'calls'],
  ['api', 'v1', 'calls', 'events'],
  ['api', 'v1', 'calls', 'events', 'beacon'],
  ['api', 'v1', 'calls', encodeURIComponent(CALLS.ofA), 'log'],
  ['healthz'],
  ['readyz'],
  ['metrics'],
  ['auth', 'salesforce', 'start'],
  ['auth', 'salesforce', 'callback'],
  ['auth', 'hubspot', 'start'],
  ['auth', 'hubspot', 'callback'],
  ['widget', ''],
  ['widget', 'index.html'],
  ['demo', 'api', 'records'],
  ['demo', 'api', 'records', 'Contact', 'CON-0001'],
  ['demo', 'api', 'records', 'Contact', 'CON-0001', 'numbers'],
  [''],
];

/** Percent-escapes that decode to nothing valid, to separators, or to control bytes. */
const BAD_ESCAPES = ['%', '%zz', '%4', '%C3%28', '%00', '%FF%FE', '%ED%A0%80', '%2F', '%5C', '%2e%2e', '..', '.', '%u0041', '%0d%0a', '%25'];

/** Characters a request target may hold as they are (RFC 3986 pchar without `%`), so nothing needs escaping. */
const PCHAR = fc.constantFrom(...'abcXYZ019-._~!$&\'()*+,;=:@'.split(''));

/** Every byte percent-encoded except the unreserved ones: any bytes, valid UTF-8 or not, as a path segment. */
export function percentEncode(bytes: Uint8Array | string): string {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  let out = '';
  for (const byte of buffer) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** One path segment: usually the template's own, else text or bytes percent-encoded, a bad escape, or a very long one. */
export function mutatedSegment(original: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 24, arbitrary: fc.constant(original) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }).map(percentEncode) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(percentEncode) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }).map(percentEncode) },
    { weight: 1, arbitrary: fc.string({ unit: PCHAR, maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_ESCAPES) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...BAD_ESCAPES), fc.constant(original)).map(([bad, seg]) => `${seg}${bad}`) },
    { weight: 1, arbitrary: fc.integer({ min: 300, max: 6000 }).map((n) => 'x'.repeat(n)) },
  );
}

/** A path built from a known route, with mutated segments, and sometimes a segment added, dropped or doubled. */
export const fuzzPath: fc.Arbitrary<string> = fc
  .constantFrom(...ROUTE_TEMPLATES)
  .chain((segments) =>
    fc.tuple(
      fc.tuple(...segments.map(mutatedSegment)),
      fc.constantFrom('none', 'none', 'none', 'append', 'drop', 'double-slash', 'trailing-slash'),
      fc.string({ unit: PCHAR, maxLength: 12 }),
    ),
  )
  .map(([segments, change, extra]) => {
    const parts = [...segments];
    if (change === 'append') parts.push(extra);
    if (change === 'drop') parts.pop();
    let path = `/${parts.join('/')}`;
    if (change === 'double-slash') path = path.replace('/', '//');
    if (change === 'trailing-slash') path += '/';
    return path;
  });

/** The known routes' own paths, unchanged. */
export const knownPath: fc.Arbitrary<string> = fc.constantFrom(...ROUTE_TEMPLATES).map((segments) => `/${segments.join('/')}`);
