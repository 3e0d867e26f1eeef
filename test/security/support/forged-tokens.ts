import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';

type Json = Record<string, unknown>;

const encode = (part: Json) => Buffer.from(JSON.stringify(part)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json;

/** A compact JWT's header and payload, decoded, and its signature as sent. */
export function jwtParts(token: string): { header: Json; payload: Json; signature: string } {
  const [header, payload, signature] = token.split('.');
  return { header: decode(header!), payload: decode(payload!), signature: signature ?? '' };
}

/** `token` with header fields changed and the original signature kept, as an attacker would edit it. */
export function withHeader(token: string, changes: Json): string {
  const [, payload, signature] = token.split('.');
  return [encode({ ...jwtParts(token).header, ...changes }), payload, signature].join('.');
}

/** `token` with payload claims changed (undefined removes one) and the original signature kept. */
export function withPayload(token: string, changes: Json): string {
  const [header, , signature] = token.split('.');
  const payload = Object.fromEntries(Object.entries({ ...jwtParts(token).payload, ...changes }).filter(([, v]) => v !== undefined));
  return [header, encode(payload), signature].join('.');
}

/**
 * `token` with one character in the middle of its signature swapped. Not the last one: base64url's last character of
 * a 32-byte signature carries padding bits, so changing it may leave the decoded signature as it was.
 */
export function withSignatureFlipped(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const at = Math.floor(signature.length / 2);
  const swapped = signature[at] === 'A' ? 'B' : 'A';
  return [header, payload, signature.slice(0, at) + swapped + signature.slice(at + 1)].join('.');
}

/** An unsecured JWT (`alg` none, or a spelling of it) with `token`'s claims and no signature. */
export function unsigned(token: string, alg = 'none'): string {
  const [, payload] = token.split('.');
  return [encode({ ...jwtParts(token).header, alg }), payload, ''].join('.');
}

/** The claims the connector puts in a session token, for `sub`, as of `nowMs`. Override any of them. */
export function sessionClaims(sub: string, epoch: number, nowMs: number, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(nowMs / 1000);
  return {
    sub,
    role: 'agent',
    ep: epoch,
    auth_time: now,
    amr: 'key',
    iss: 'click-to-call-connector',
    aud: 'agent-api',
    iat: now,
    exp: now + 900,
    jti: randomBytes(16).toString('base64url'),
    ...overrides,
  };
}

/** Signs `claims` with `key` as a JWT (HS256 unless told), with `header` fields added. */
export async function signToken(key: Uint8Array, claims: JWTPayload, header: Json = {}, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', ...header }).sign(key);
}

/**
 * The session signing key and its `kid` as the contract derives them from a secrets key (HKDF-SHA256, no salt, info
 * `session-token-v1`): what an attacker holding the secrets key could sign with. A test uses it to show that even a
 * correctly signed token must still carry the right issuer, audience, algorithm and claims.
 */
export function derivedSessionKey(secret: Uint8Array): { key: Uint8Array; kid: string } {
  const key = new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), 'session-token-v1', 32));
  return { key, kid: createHash('sha256').update(key).digest('hex').slice(0, 16) };
}
