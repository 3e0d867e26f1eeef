/** A CRM-like page: a contact card with phone links, a loose number, a web link, and the widget's script. */
export const DEMO_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Contact</title></head>
<body>
<section data-crm-object-type="Contact" data-crm-record-id="CON-0002" data-crm-record-name="Ada Lovelace">
  <h1>Ada Lovelace</h1>
  <p>Office: <a id="office" href="tel:+44%2020%207946%200958;ext=12"><span id="office-text">+44 20 7946 0958 ext. 12</span></a></p>
  <p>SIP: <a id="sip" href="sip:ada@pbx.demo.test">ada@pbx.demo.test</a></p>
  <p><a id="site" href="#about">About Ada</a></p>
</section>
<p>Switchboard: <a id="loose" href="TEL:+14155552671">+1 415 555 2671</a></p>
<script src="/page-harness.js"></script>
</body></html>`;
