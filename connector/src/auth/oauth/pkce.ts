import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636): the verifier stays with the connector, the challenge goes to the CRM's authorize page. */
export interface PkcePair {
  /** 43 characters of base64url (32 random bytes): inside RFC 7636's 43..128 unreserved characters. */
  readonly verifier: string;
  /** `S256`: base64url(SHA-256(verifier)), unpadded. */
  readonly challenge: string;
}

/** A fresh pair; the verifier is never reused and never leaves the connector unsealed. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

/** The `S256` code challenge of `verifier`, as the CRM recomputes it when the code is exchanged. */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
