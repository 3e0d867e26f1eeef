// The phone core and browser media alone, for tests that drive the real softphone in Chromium without the UI.
import { BrowserMedia } from '../../../widget/src/media/browser-media.js';
import { createSipPhone } from '../../../widget/src/phone/sip-phone.js';

(window as unknown as { phoneKit: unknown }).phoneKit = { createSipPhone, BrowserMedia };
