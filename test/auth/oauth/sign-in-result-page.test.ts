import assert from 'node:assert/strict';
import { signInResultPage, type SignInOutcome } from '../../../connector/src/auth/oauth/sign-in-result-page.js';
import { pageText, runResultPage, scriptCount } from './result-page-kit.js';

const ORIGIN = 'https://connector.example.com';
const SESSION: SignInOutcome = {
  kind: 'session',
  token: 'eyJhbGciOiJIUzI1NiJ9.session.sig',
  expiresAt: '2025-03-14T10:15:00.000Z',
  refreshUntil: '2025-03-14T18:00:00.000Z',
  agent: { id: 'agent-1', name: 'Ada Lovelace', role: 'agent' },
};

describe('Sign-in result page', () => {
  it('hands the session to the softphone that opened it, at exactly the return origin, then closes', () => {
    const page = signInResultPage({ outcome: SESSION, returnOrigin: ORIGIN, crmLabel: 'Salesforce' });
    const run = runResultPage(page.html, page.headers['Content-Security-Policy']!);
    assert.deepEqual(run.posted, [
      {
        message: { type: 'click-to-call:session', token: SESSION.token, expiresAt: SESSION.expiresAt, refreshUntil: SESSION.refreshUntil, agent: SESSION.agent },
        targetOrigin: ORIGIN,
      },
    ]);
    assert.equal(run.closed, true);
    assert.equal(page.status, 200);
    assert.match(pageText(page.html), /Signed in with Salesforce as Ada Lovelace/);
  });

  it('is served as HTML that only its own nonce-carrying script may run in, never framed, never cached, with its opener kept', () => {
    const page = signInResultPage({ outcome: SESSION, returnOrigin: ORIGIN, crmLabel: null });
    const csp = page.headers['Content-Security-Policy']!;
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    assert.ok(nonce);
    assert.equal(csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
    assert.match(page.html, new RegExp(`<script nonce="${nonce.replace(/[+/]/g, '\\$&')}">`));
    assert.equal(page.headers['Content-Type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['Cache-Control'], 'no-store');
    assert.equal(page.headers['Cross-Origin-Opener-Policy'], 'unsafe-none');
    const other = signInResultPage({ outcome: SESSION, returnOrigin: ORIGIN, crmLabel: null });
    assert.notEqual(other.headers['Content-Security-Policy'], csp, 'a fresh nonce per page');
  });

  it('posts a failure with its code and message, and shows what to do, with the catalogue status', () => {
    const page = signInResultPage({
      outcome: { kind: 'error', code: 'NO_AGENT_FOR_CRM_USER', message: 'Ask an admin to add you.' },
      returnOrigin: ORIGIN,
      crmLabel: 'HubSpot',
    });
    const run = runResultPage(page.html, page.headers['Content-Security-Policy']!);
    assert.deepEqual(run.posted, [{ message: { type: 'click-to-call:sign-in-error', code: 'NO_AGENT_FOR_CRM_USER', message: 'Ask an admin to add you.' }, targetOrigin: ORIGIN }]);
    assert.equal(page.status, 403);
    assert.equal(run.status, 'Ask an admin to add you.');
  });

  it('says the softphone is gone when there is no opener to hand the session to, and keeps a failure’s message', () => {
    const page = signInResultPage({ outcome: SESSION, returnOrigin: ORIGIN, crmLabel: null });
    const run = runResultPage(page.html, page.headers['Content-Security-Policy']!, { opener: false });
    assert.deepEqual(run.posted, []);
    assert.equal(run.closed, false);
    assert.match(run.status, /softphone that opened this window is gone/);

    const failed = signInResultPage({ outcome: { kind: 'error', code: 'SIGN_IN_FAILED', message: 'Try again.' }, returnOrigin: ORIGIN, crmLabel: null });
    assert.equal(runResultPage(failed.html, failed.headers['Content-Security-Policy']!, { opener: false }).status, 'Try again.');
  });

  it('has no script at all when there is no trusted origin to post to', () => {
    const page = signInResultPage({ outcome: { kind: 'error', code: 'SIGN_IN_FAILED', message: 'This sign-in link is not valid.' }, returnOrigin: null, crmLabel: null });
    assert.equal(scriptCount(page.html), 0);
    assert.equal(page.status, 401);
    assert.equal(pageText(page.html), 'This sign-in link is not valid.');
  });

  it('cannot be broken out of by what a message or name holds', () => {
    const evil = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & \u2028';
    const page = signInResultPage({ outcome: { ...SESSION, agent: { id: 'a', name: evil, role: 'agent' } } as SignInOutcome, returnOrigin: ORIGIN, crmLabel: null });
    assert.equal(scriptCount(page.html), 1, 'only the page’s own script');
    assert.ok(!page.html.includes('<img'));
    const run = runResultPage(page.html, page.headers['Content-Security-Policy']!);
    assert.equal((run.posted[0]?.message.agent as { name: string }).name, evil, 'the name arrives intact');
  });
});
