import assert from 'node:assert/strict';
import { ConnectorError } from '../../../widget/src/connector/connector-api.js';
import type { FetchLike } from '../../../widget/src/connector/connector-ports.js';
import { ConnectorUnreachableError } from '../../../widget/src/connector/connector-unreachable-error.js';
import { HttpAuthApi } from '../../../widget/src/connector/http-auth-api.js';

const ANSWER = {
  token: 'eyJ.session.one',
  expiresAt: '2025-01-06T09:15:00.000Z',
  refreshUntil: '2025-01-06T21:00:00.000Z',
  agent: { id: 'maria', name: 'Maria Gonzalez', role: 'agent' },
};

/** Answers each request with the next of `answers`, recording what was asked. */
function scripted(...answers: (() => Response)[]) {
  const asked: { method: string; url: string; auth: string | null; body: unknown; credentials: string | undefined }[] = [];
  const fetch: FetchLike = async (url, init) => {
    const headers = init.headers as Record<string, string>;
    asked.push({
      method: init.method ?? 'GET',
      url,
      auth: headers['Authorization'] ?? null,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : null,
      credentials: init.credentials,
    });
    const next = answers.shift();
    if (!next) throw new TypeError('fetch failed');
    return next();
  };
  return { fetch, asked };
}

describe('HttpAuthApi', () => {
  it('exchanges a sign-in key for a session, sending the key once in the body and no cookie', async () => {
    const { fetch, asked } = scripted(() => Response.json(ANSWER));
    const session = await new HttpAuthApi({ baseUrl: 'https://cti.example.com/', fetch }).signInWithKey('the-key');
    assert.deepEqual(session, {
      token: 'eyJ.session.one',
      expiresAt: Date.parse(ANSWER.expiresAt),
      refreshUntil: Date.parse(ANSWER.refreshUntil),
      clockOffsetMs: 0,
      agent: ANSWER.agent,
    });
    assert.deepEqual(asked, [{ method: 'POST', url: 'https://cti.example.com/api/v1/auth/local', auth: null, body: { key: 'the-key' }, credentials: 'omit' }]);
  });

  it('refreshes and signs out with the session token as bearer', async () => {
    const { fetch, asked } = scripted(
      () => Response.json({ ...ANSWER, token: 'eyJ.session.two' }),
      () => new Response(null, { status: 204 }),
    );
    const auth = new HttpAuthApi({ baseUrl: 'https://cti.example.com', fetch });
    assert.equal((await auth.refresh('eyJ.session.one')).token, 'eyJ.session.two');
    await auth.signOut('eyJ.session.two');
    assert.deepEqual(
      asked.map((a) => [a.method, new URL(a.url).pathname, a.auth]),
      [
        ['POST', '/api/v1/auth/refresh', 'Bearer eyJ.session.one'],
        ['POST', '/api/v1/auth/sign-out', 'Bearer eyJ.session.two'],
      ],
    );
  });

  it('offers the key always, and the CRM sign-ins the connector names (ignoring ones it does not know)', async () => {
    const { fetch } = scripted(
      () => Response.json({ methods: ['hubspot', 'key', 'magic-link'] }),
      () => Response.json({ methods: [] }),
    );
    const auth = new HttpAuthApi({ baseUrl: '', fetch });
    assert.deepEqual(await auth.methods(), ['key', 'hubspot']);
    assert.deepEqual(await auth.methods(), ['key']);
  });

  it('rejects with the connector’s own error for a refused key, a disabled agent or too many attempts', async () => {
    const { fetch } = scripted(
      () => Response.json({ error: { code: 'UNAUTHENTICATED', message: 'Sign-in key not recognised.' } }, { status: 401 }),
      () => Response.json({ error: { code: 'RATE_LIMITED', message: 'Too many sign-in attempts; wait a minute.' } }, { status: 429, headers: { 'retry-after': '60' } }),
    );
    const auth = new HttpAuthApi({ baseUrl: 'https://cti.example.com', fetch });
    await assert.rejects(auth.signInWithKey('wrong'), (e: unknown) => e instanceof ConnectorError && e.status === 401 && e.code === 'UNAUTHENTICATED');
    await assert.rejects(auth.signInWithKey('wrong'), (e: unknown) => e instanceof ConnectorError && e.status === 429 && /wait a minute/.test(e.message));
  });

  it('refuses an answer that is not a whole session, and says when nothing answered', async () => {
    const { fetch } = scripted(() => Response.json({ ...ANSWER, expiresAt: 'later' }));
    const auth = new HttpAuthApi({ baseUrl: 'https://cti.example.com', fetch });
    await assert.rejects(auth.signInWithKey('k'), (e: unknown) => e instanceof ConnectorError && e.code === 'BAD_RESPONSE');
    await assert.rejects(auth.signInWithKey('k'), ConnectorUnreachableError);
  });
});
