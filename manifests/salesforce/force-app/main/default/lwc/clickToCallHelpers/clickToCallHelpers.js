/**
 * Logic the clickToCall components share, with no component state; the agent's connector session is the one thing
 * kept, per browser tab.
 */
export { callDirection } from './callDirection';
export { currentToken } from './currentToken';
export { errorMessage } from './errorMessage';
export { fetchRecordNumbers } from './fetchRecordNumbers';
export { formatDuration } from './formatDuration';
export { formatLabel } from './formatLabel';
export { numberVerdict } from './numberVerdict';
export { clearSession } from './sessionStore';
export { signIn } from './signIn';
export { isSignInNeeded } from './signInNeeded';
