import { bootOnce } from '../../../../widget/src/app/boot.js';
import { FakeSoftPhone } from '../../app/fakes/fake-soft-phone.js';

/**
 * The real `softphone.js` (connector client, call reporter, page bridge, view) with a fake phone in place of sip.js,
 * so a browser test plays the far end of calls placed from the demo CRM page. The test reads it as
 * `window.fakePhone`.
 */
const phone = new FakeSoftPhone();
(window as unknown as { fakePhone: FakeSoftPhone }).fakePhone = phone;
bootOnce(() => phone);
