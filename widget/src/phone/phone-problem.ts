/** Something the agent must be told, with a stable code for hosts and tests and a sentence for people. */
export interface PhoneProblem {
  readonly code:
    | 'microphone-denied'
    | 'microphone-missing'
    | 'registration-refused'
    | 'server-unreachable'
    | 'insecure-server'
    | 'busy'
    | 'no-answer'
    | 'declined'
    | 'call-failed'
    | 'not-registered';
  readonly message: string;
}
