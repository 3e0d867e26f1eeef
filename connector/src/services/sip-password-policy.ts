import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors/app-error.js';

/** Shorter passwords are refused whatever their content: a SIP account is a key to paid calls, guessed online. */
export const MIN_SIP_PASSWORD_LENGTH = 12;
/** zxcvbn's "safely unguessable" (about 10^8 guesses and up) is the least a SIP password must reach. */
const MIN_SCORE = 3;
/** Names shorter than this appear in strong random passwords by chance; zxcvbn still weighs them as user inputs. */
const MIN_NAME_LENGTH_TO_REFUSE = 3;

/** How hard a password is to guess, as zxcvbn estimates it: score 0 (trivial) to 4 (very strong). */
export interface PasswordStrength {
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly guessesLog10: number;
}

/** What the password must not be built from: the account's own names. */
export interface SipPasswordContext {
  readonly username: string;
  readonly authUser: string | null;
  /** The domain in effect (the account's, else the tenant's). */
  readonly domain: string;
}

/**
 * zxcvbn weighs only this many leading characters: its cost grows steeply with length (about 0.4 s of blocked event
 * loop at 256), and cutting a password short only removes strength, so a longer password is never judged stronger
 * than it is.
 */
const ZXCVBN_MAX_LENGTH = 64;

/** zxcvbn's warnings (its translation keys) in words an admin reads in the refusal. */
const WARNINGS: Readonly<Record<string, string>> = {
  straightRow: 'a row of keys on the keyboard is easy to guess',
  keyPattern: 'a short keyboard pattern is easy to guess',
  simpleRepeat: 'repeated characters such as "aaa" are easy to guess',
  extendedRepeat: 'repeated patterns such as "abcabcabc" are easy to guess',
  sequences: 'sequences such as "abc" or "6543" are easy to guess',
  recentYears: 'recent years are easy to guess',
  dates: 'dates are easy to guess',
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is similar to a commonly used password',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'single names or surnames are easy to guess',
  commonNames: 'common names and surnames are easy to guess',
  userInputs: "it is built from the account's own user name or domain",
  pwned: 'it has appeared in a data breach',
};

let factory: ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries takes a moment the connector's start need not pay. */
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs, maxLength: ZXCVBN_MAX_LENGTH });
  return factory;
}

/** zxcvbn's estimate of `password`, weighing `userInputs` (the account's names) as known to an attacker. */
export function passwordStrength(password: string, userInputs: readonly string[] = []): PasswordStrength {
  const result = zxcvbn().check(password, [...userInputs]);
  return { score: result.score, guessesLog10: Math.round(result.guessesLog10 * 10) / 10 };
}

/**
 * Why `password` is too weak for the account in `context`, in words an admin can act on; empty when it is strong
 * enough. Refused: fewer than {@link MIN_SIP_PASSWORD_LENGTH} characters, a zxcvbn score below 3 (with the account's
 * names as user inputs), or the user name, auth user or domain inside it (case-insensitive).
 */
export function sipPasswordProblems(password: string, context: SipPasswordContext): string[] {
  const reasons: string[] = [];
  if ([...password].length < MIN_SIP_PASSWORD_LENGTH) reasons.push(`must be at least ${MIN_SIP_PASSWORD_LENGTH} characters long`);
  const names = [context.username, context.authUser, context.domain].filter((name): name is string => name !== null);
  const result = zxcvbn().check(password, names);
  if (result.score < MIN_SCORE) {
    const warning = result.feedback.warning ? WARNINGS[result.feedback.warning] : undefined;
    reasons.push(`is too easy to guess: ${warning ?? `it would fall to about 10^${Math.floor(result.guessesLog10)} guesses`}`);
  }
  const lower = password.toLowerCase();
  const contains = (name: string | null): boolean =>
    name !== null && name.length >= MIN_NAME_LENGTH_TO_REFUSE && lower.includes(name.toLowerCase());
  if (contains(context.username) || contains(context.authUser)) reasons.push('must not contain the user name');
  if (contains(context.domain)) reasons.push('must not contain the SIP domain');
  return reasons;
}

/** Throws 422 WEAK_SIP_PASSWORD with `reasons` when {@link sipPasswordProblems} finds any. Never echoes the password. */
export function assertStrongSipPassword(password: string, context: SipPasswordContext): void {
  const reasons = sipPasswordProblems(password, context);
  if (reasons.length === 0) return;
  throw new AppError(
    'WEAK_SIP_PASSWORD',
    `This SIP password is refused: it ${reasons.join('; it ')}. Choose another, or generate one with POST /api/v1/admin/sip-passwords.`,
    { reasons },
  );
}
