import { signInWithPopup } from '../../../../widget/src/auth/popup-sign-in.js';
import { startWidget } from '../../../../widget/src/app/start-widget.js';
import type { CrmSignIn } from '../../../../widget/src/connector/agent-session.js';
import { PageBridge } from '../../../../widget/src/hosts/page/page-bridge.js';
import { WidgetRig } from '../../app/fakes/widget-rig.js';

/**
 * Browser entry of the widget's UI tests: the real view and app on fakes of the phone, the connector and (page mode)
 * the host. `data-mode="embed"` on `<body>` mounts the floating panel with the real page bridge instead, so the test
 * clicks real `tel:` links. `?popup-connector=<origin>` offers the CRM sign-ins and runs the real popup sign-in
 * against that origin (which the test serves); the session it posts is taken by the fake connector. The test drives
 * and reads the fakes through `window.harness`.
 */
const mode = document.body.dataset['mode'] === 'embed' ? 'embed' : 'page';
const popupConnector = new URLSearchParams(location.search).get('popup-connector');
const rig = new WidgetRig();
rig.configure = (connector) => {
  const maria = { objectType: 'Contact', id: 'CON-0001', name: 'Maria Gonzalez', company: 'Acme' };
  connector.directory['+14155552671'] = [maria];
  connector.contacts['+14155552671'] = maria;
};
if (popupConnector) rig.auth.methodsOffered = ['key', 'salesforce', 'hubspot'];
const signInWithCrm = popupConnector
  ? (crm: CrmSignIn) =>
      signInWithPopup({ crm, connectorBase: popupConnector, opener: window }).then((session) => {
        rig.auth.accept(session);
        return session;
      })
  : rig.deps.signInWithCrm;
const host = mode === 'embed' ? new PageBridge({ window }) : rig.host;
const harness = {
  rig,
  mode,
  ready: startWidget({
    doc: document,
    mode,
    mount: document.getElementById('app') ?? document.body,
    connectorBase: location.origin,
    host,
    auth: rig.deps.auth,
    signInWithCrm,
    createConnector: rig.deps.createConnector,
    createPhone: rig.deps.createPhone,
    createCallLog: rig.deps.createCallLog,
  }),
};
(window as unknown as { harness: typeof harness }).harness = harness;
