/**
 * A sign-in that did not complete, with the words to show on the sign-in screen: the popup was blocked or closed, or
 * the CRM's sign-in failed (`code` is then the connector's, such as `NO_AGENT_FOR_CRM_USER`).
 */
export class SignInError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}
