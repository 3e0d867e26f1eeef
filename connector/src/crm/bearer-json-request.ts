import type { AxiosRequestConfig } from 'axios';

/**
 * The request config of one authenticated JSON API call: `Authorization: Bearer <accessToken>`, `Accept:
 * application/json`, and only when `body` is given, `body` as JSON with its `Content-Type`. The config holds the
 * token: it MUST NOT be logged or put in an error (`sendCrmRequest` never does).
 */
export function bearerJsonRequest(request: {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  readonly accessToken: string;
  readonly body?: unknown;
}): AxiosRequestConfig {
  return {
    method: request.method,
    url: request.url,
    headers: {
      Authorization: `Bearer ${request.accessToken}`,
      Accept: 'application/json',
      ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(request.body === undefined ? {} : { data: JSON.stringify(request.body) }),
  };
}
