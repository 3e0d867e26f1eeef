import UNKNOWN_ERROR from '@salesforce/label/c.ClickToCall_UnknownError';

/**
 * The message to show for a failure: an Apex or wire error (`body.message`, or a list of bodies), or a thrown
 * `Error`. Never empty, so an error state always says something.
 */
export function errorMessage(error) {
    const bodies = Array.isArray(error?.body) ? error.body : [error?.body];
    const messages = bodies.map((body) => body?.message).filter((message) => typeof message === 'string' && message);
    if (messages.length > 0) {
        return messages.join(', ');
    }
    return typeof error?.message === 'string' && error.message ? error.message : UNKNOWN_ERROR;
}
