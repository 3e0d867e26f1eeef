/**
 * A refusal the stand-in answers with Salesforce's REST error shape, `[{"message": "...", "errorCode": "..."}]`
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm). Thrown by the code that
 * reads a request, answered by the server.
 */
export class SalesforceFault extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'SalesforceFault';
  }

  /** The response body. */
  body(): { message: string; errorCode: string }[] {
    return [{ message: this.message, errorCode: this.errorCode }];
  }
}
