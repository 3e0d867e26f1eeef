import request from 'supertest';
import type { SecurityRig } from './security-rig.js';

type App = SecurityRig['app'];

/** One request of the authorization matrix; the principal's credential is added when it is sent. */
export interface MatrixRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** A JSON body, or a function making it from the rig (a sign-in key differs per rig). */
  readonly body?: unknown;
  /** The beacon route: the credential travels in the text/plain body's `token`, not in a header. */
  readonly beacon?: boolean;
}

export const get = (path: string): MatrixRequest => ({ method: 'GET', path });
export const post = (path: string, body?: unknown): MatrixRequest => ({ method: 'POST', path, body });
export const put = (path: string, body: unknown): MatrixRequest => ({ method: 'PUT', path, body });
export const patch = (path: string, body: unknown): MatrixRequest => ({ method: 'PATCH', path, body });
export const del = (path: string): MatrixRequest => ({ method: 'DELETE', path });
export const beacon = (body: unknown): MatrixRequest => ({ method: 'POST', path: '/api/v1/calls/events/beacon', body, beacon: true });

/** `{"events": [one answered event of a new call]}`, fresh ids each time. */
export function answeredEvent(): { events: unknown[] } {
  const id = Math.random().toString(36).slice(2);
  return { events: [{ eventId: `evt-${id}`, callId: `matrix-${id}@pbx.example.test`, occurredAt: new Date().toISOString(), type: 'answered' }] };
}

/** Sends `req` to the rig's app as the holder of `credential` (null: no credential at all). */
export function sendAs(rig: SecurityRig, req: MatrixRequest, credential: string | null): request.Test {
  const app: App = rig.app;
  const body = typeof req.body === 'function' ? (req.body as (rig: SecurityRig) => unknown)(rig) : req.body;
  const test = request(app)[req.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](req.path);
  if (req.beacon) {
    const events = (body as { events: unknown }).events;
    return test.set('Content-Type', 'text/plain;charset=UTF-8').send(JSON.stringify(credential === null ? { events } : { token: credential, events }));
  }
  if (credential !== null) test.set('Authorization', `Bearer ${credential}`);
  return body === undefined ? test : test.set('Content-Type', 'application/json').send(JSON.stringify(body));
}
