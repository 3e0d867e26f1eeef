/**
 * Salesforce's documented answers for the agents' sign-in, shared by the sign-in's and the routes' tests: the
 * authorization_code grant's token response, the identity URL's JSON, and their errors.
 */
export const LOGIN = 'https://login.salesforce.com';
export const INSTANCE = 'https://acme.my.salesforce.com';
export const ORG_ID = '00Dxx0000001gPLEAY';
export const USER_ID = '005xx000001SwiUAAS';
export const ID_PATH = `/id/${ORG_ID}/${USER_ID}`;
export const ACCESS_TOKEN = '00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAIrrbbHMuol7GQxnMeYMN7cj8EoWr78nt1u44zU31IbYNNJguseu';
export const CLIENT_ID = '3MVG9lKcPoNINVBIPJjdw1J9LLM82HnFVVX19KY1uA5mu0QqEWhqKpoW3svG3X';

/** The token endpoint's answer to a good authorization_code grant (scope `openid id`, so with an `id_token`). */
export function tokenAnswer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_token: ACCESS_TOKEN,
    signature: 'CMJ4l+CCaPQiKjoOEwEig9H4wqhpuLSk4J2urAe+fVg=',
    scope: 'openid id',
    id_token: 'eyJraWQiOiIyMjAiLCJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2ln',
    instance_url: INSTANCE,
    id: `${LOGIN}${ID_PATH}`,
    token_type: 'Bearer',
    issued_at: '1741946400000',
    ...overrides,
  };
}

/** The identity URL's JSON for the signed-in user (abridged to the fields the connector reads and a few more). */
export function identityAnswer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `${LOGIN}${ID_PATH}`,
    asserted_user: true,
    user_id: USER_ID,
    organization_id: ORG_ID,
    username: 'ada@engines.example',
    nick_name: 'ada',
    display_name: 'Ada Lovelace',
    email: 'ada@engines.example',
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_GB',
    utcOffset: 0,
    ...overrides,
  };
}

/** The token endpoint's refusal of a used or expired code. */
export const EXPIRED_CODE = { error: 'invalid_grant', error_description: 'expired authorization code' };
