import { bootOnce, widgetLog } from './app/boot.js';
import { BrowserMedia } from './media/browser-media.js';
import { createSipPhone } from './phone/sip-phone.js';

/**
 * The bundle's entry (`/widget/softphone.js`). Two ways it runs:
 * - the whole page: `/widget/` (widget/public/index.html) is what Salesforce's call center and HubSpot's calling
 *   settings open; the host bridge is chosen from where it runs;
 * - embedded in any page by `<script src="https://cti.example.com/widget/softphone.js"></script>`: a floating panel
 *   and the page bridge, so the page's `tel:`/`sip:` links and `window.ClickToCall` dial through it.
 */
bootOnce((account) => createSipPhone(account, { media: new BrowserMedia(document), log: widgetLog }));
