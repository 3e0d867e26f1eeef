import type { Session } from 'sip.js';

const DIGITS = /^[0-9A-D*#,]+$/;
const TONE_MS = 160;
const GAP_MS = 80;
/** What `,` means in a dial string: wait two seconds (RFC 4733 senders and IVR habits agree). */
const PAUSE_MS = 2000;

/**
 * Sends DTMF digits on a call: RFC 4733 events through the media sender when the session can, otherwise one SIP INFO
 * (`application/dtmf-relay`) per digit, in order, with `,` as a two-second pause.
 */
export async function sendDigits(session: Session, digits: string, log: (message: string) => void): Promise<void> {
  const tones = digits.toUpperCase();
  if (!DIGITS.test(tones)) throw new Error(`"${digits}" holds something other than 0-9, *, #, A-D and pauses (,).`);
  const sdh = session.sessionDescriptionHandler;
  if (sdh?.sendDtmf(tones, { duration: TONE_MS, interToneGap: GAP_MS })) return;
  log('DTMF over RTP unavailable; sending SIP INFO');
  for (const tone of tones) {
    if (tone === ',') {
      await sleep(PAUSE_MS);
      continue;
    }
    await sendInfo(session, tone);
    await sleep(GAP_MS);
  }
}

function sendInfo(session: Session, tone: string): Promise<void> {
  return new Promise((resolve, reject) => {
    session
      .info({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) => reject(new Error(`The other side refused the digit ${tone} (${response.message.statusCode}).`)),
        },
        requestOptions: {
          body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=${TONE_MS}\r\n` },
        },
      })
      .catch((error: unknown) => reject(error instanceof Error ? error : new Error(String(error))));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
