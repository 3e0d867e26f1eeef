/** Served as `opencti_min.js` in Chromium tests: defines `window.sforce.opencti` as the documented fake. */
import { FakeOpenCti } from './fake-open-cti.js';

Object.assign(window, { sforce: { opencti: new FakeOpenCti() } });
