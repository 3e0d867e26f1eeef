import { Router } from 'express';
import { sessionExpired } from '../auth/session-tokens.js';
import type { AgentPush, AgentPushMessage } from '../push/agent-push.js';
import { currentAgent, currentSession } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';

/** Proxies and load balancers close a connection silent for a minute or so; a comment this often keeps it open. */
export const KEEP_ALIVE_MS = 25_000;
/** What the stream asks a client to wait before reconnecting (the SSE `retry:` field). */
const RETRY_MS = 2000;

/**
 * `GET /agent/events`: what the connector pushes to the signed-in agent's widget (`AgentPushMessage`), as a
 * `text/event-stream`: `retry:` and a `: connected` comment at once, then one `data: <json>` event per message and a
 * comment every {@link KEEP_ALIVE_MS}. Mounted behind `requireSession`, so a widget whose agent was disabled, deleted
 * or signed out cannot connect again.
 *
 * The stream ends, and its subscription with it:
 * - right after a `session-ended` is sent: the session it was opened with is over, so nothing more (a screen pop, a
 *   message for an agent re-created under the same id) may reach it;
 * - when the session token it was opened with expires (the widget reconnects with its refreshed token, checked anew);
 * - when the channel closes (shutdown), so the server can close;
 * - when the widget hangs up, even when it did so before the session check had answered.
 * Never cached or buffered on the way.
 */
export function agentEventsRoutes(deps: { readonly push: AgentPush; readonly now?: () => number; readonly keepAliveMs?: number }): Router {
  const router = Router();
  const now = deps.now ?? Date.now;

  router.get('/agent/events', (req, res) => {
    const agent = currentAgent(res);
    const lifeMs = currentSession(res).expiresAt - now();
    // Within the token check's clock tolerance: a stream that would end at once makes the widget refresh first.
    if (lifeMs <= 0) throw sessionExpired();
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    res.flushHeaders();
    res.write(`retry: ${RETRY_MS}\n: connected\n\n`);

    let ended = false;
    let unsubscribe = () => {};
    const timers: { keepAlive?: ReturnType<typeof setInterval>; expiry?: ReturnType<typeof setTimeout> } = {};
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(timers.keepAlive);
      clearTimeout(timers.expiry);
      unsubscribe();
      if (!res.writableEnded) res.end();
    };
    const send = (text: string) => {
      if (!ended && !res.writableEnded) res.write(text);
    };
    const deliver = (message: AgentPushMessage) => {
      send(`data: ${JSON.stringify(message)}\n\n`);
      if (message.type === 'session-ended') end();
    };
    unsubscribe = deps.push.subscribe(agent.id, deliver, end);
    if (ended) return;
    timers.keepAlive = setInterval(() => send(': keep-alive\n\n'), deps.keepAliveMs ?? KEEP_ALIVE_MS);
    timers.expiry = setTimeout(end, lifeMs);
    res.on('close', end);
    // A widget that hung up while the session check awaited the store closed the response before anyone listened.
    if (res.closed || req.socket.destroyed) end();
  });
  router.all('/agent/events', methodNotAllowed(['GET', 'HEAD']));

  return router;
}
