import { randomBytes } from 'node:crypto';
import { passwordStrength, type PasswordStrength } from './sip-password-policy.js';

/** A password the connector made up, with zxcvbn's estimate of it. */
export interface GeneratedSipPassword {
  readonly password: string;
  readonly strength: PasswordStrength;
}

/** 18 random bytes: 144 bits, exactly 24 base64url characters. */
const RANDOM_BYTES = 18;

/**
 * A strong SIP password for an admin to set on the PBX and on the connector: 24 base64url characters (letters,
 * digits, `-` and `_`, 144 random bits from the system's CSPRNG), which every SIP stack and config file takes as is.
 * It is not stored anywhere; whoever asked must keep it.
 */
export function generateSipPassword(): GeneratedSipPassword {
  const password = randomBytes(RANDOM_BYTES).toString('base64url');
  return { password, strength: passwordStrength(password) };
}
