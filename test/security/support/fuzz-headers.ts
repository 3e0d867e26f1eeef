import fc from 'fast-check';
import { credentialName, slot } from './fuzz-credentials.js';
import { CRM_ORIGIN, PUBLIC_URL } from './security-rig.js';

/** Visible ASCII and space: what any HTTP client may put in a header value. */
export const HEADER_CHAR = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const headerText = (maxLength: number) => fc.string({ unit: HEADER_CHAR, maxLength });
const base64url = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), maxLength: 80 });

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/json;;;',
  'application/merge-patch+json',
  'application/vnd.api+json',
  'text/plain',
  'text/plain;charset=UTF-8',
  'text/plain; charset=iso-8859-1',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  '*/*',
  'json',
  '',
];

export const contentType: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: headerText(60) },
);

/** Authorization values: every credential in the right and in wrong schemes, and made-up tokens. */
export const authorization: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: credentialName.map((name) => `Bearer ${slot(name)}`) },
  { weight: 1, arbitrary: credentialName.map((name) => `bearer   ${slot(name)}`) },
  { weight: 1, arbitrary: credentialName.map((name) => slot(name)) },
  { weight: 1, arbitrary: credentialName.map((name) => `Basic ${slot(name)}`) },
  { weight: 1, arbitrary: fc.tuple(credentialName, credentialName).map(([a, b]) => `Bearer ${slot(a)}, Bearer ${slot(b)}`) },
  { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Bearer null', 'Bearer undefined', 'Bearer ..', 'Bearer e30.e30.', 'Negotiate abc') },
  { weight: 1, arbitrary: headerText(200).map((text) => `Bearer ${text}`) },
  { weight: 1, arbitrary: fc.tuple(base64url, base64url, base64url).map((parts) => `Bearer ${parts.join('.')}`) },
  { weight: 1, arbitrary: fc.integer({ min: 4000, max: 9000 }).map((n) => `Bearer ${'A'.repeat(n)}`) },
);

const origin = fc.constantFrom(CRM_ORIGIN, PUBLIC_URL, 'https://evil.example', 'null', 'http://127.0.0.1:1');
const accept = fc.constantFrom('application/json', 'text/html', '*/*', 'image/png', 'application/json;q=0', '');
const contentEncoding = fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus', 'gzip, gzip');

/** `arbitrary` in `inTen` of ten requests, else left out. */
const present = <T>(arbitrary: fc.Arbitrary<T>, inTen: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: inTen, arbitrary }, { weight: 10 - inTen, arbitrary: fc.constant(undefined) });

/** A header set: each header present or not, with the Authorization the caller gives (or any). */
export function fuzzHeaders(options: { auth?: fc.Arbitrary<string | undefined>; type?: fc.Arbitrary<string | undefined> } = {}) {
  return fc
    .record(
      {
        authorization: options.auth ?? present(authorization, 7),
        'content-type': options.type ?? present(contentType, 7),
        origin: present(origin, 3),
        accept: present(accept, 3),
        'content-encoding': present(contentEncoding, 1),
        'x-forwarded-for': present(headerText(40), 1),
        'access-control-request-method': present(fc.constantFrom('POST', 'DELETE', 'PUT'), 1),
      },
      { requiredKeys: [] },
    )
    .map((headers) => Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string>);
}
