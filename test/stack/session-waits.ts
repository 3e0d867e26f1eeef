import { SessionState, type Session } from 'sip.js';

/**
 * Resolves when the session reaches `state` (at once if it is there already); rejects after `ms`, naming the state
 * it was stuck in, so a test fails with a reason rather than a mocha timeout.
 */
export function waitForSessionState(session: Session, state: SessionState, ms = 5000): Promise<void> {
  if (session.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      session.stateChange.removeListener(listener);
      reject(new Error(`session stayed ${session.state}, never ${state}, within ${ms} ms`));
    }, ms);
    const listener = (next: SessionState): void => {
      if (next !== state) return;
      clearTimeout(timer);
      session.stateChange.removeListener(listener);
      resolve();
    };
    session.stateChange.addListener(listener);
  });
}

/** Resolves with the value `register` hands to its callback, or rejects after `ms` saying what never happened. */
export function waitFor<T>(what: string, register: (done: (value: T) => void) => void, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
