/**
 * The connector could not be asked at all: no network, a wrong address, or no answer in time. Unlike a
 * `ConnectorError`, nothing was refused: trying again later may work.
 */
export class ConnectorUnreachableError extends Error {
  constructor(message = 'The connector cannot be reached; check the network connection and try again.', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectorUnreachableError';
  }
}
