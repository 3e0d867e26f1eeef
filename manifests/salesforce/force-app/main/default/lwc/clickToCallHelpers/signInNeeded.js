import SIGN_IN_NEEDED from '@salesforce/label/c.ClickToCall_SignInNeeded';

/**
 * The error a connector request rejects with when the agent has no usable session (none yet, it ended, or the
 * connector refused it): components answer it with their sign-in button rather than an error line.
 */
export function signInNeededError() {
    const error = new Error(SIGN_IN_NEEDED);
    error.signInNeeded = true;
    return error;
}

/** Whether `error` means "sign in first" rather than a failure to show. */
export function isSignInNeeded(error) {
    return error?.signInNeeded === true;
}
