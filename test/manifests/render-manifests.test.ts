import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { XMLValidator } from 'fast-xml-parser';
import { DeploymentConfigError, parseDeploymentConfig, readDeploymentConfig } from '../../manifests/render/deployment-config.js';
import { renderManifests } from '../../manifests/render/render-manifests.js';
import { renderTemplateText, TemplateError } from '../../manifests/render/render-template-text.js';
import { templateTokens, TOKEN_NAMES, type TemplateTokens } from '../../manifests/render/template-tokens.js';
import { validateManifests } from '../../manifests/render/validate-manifests.js';
import { convertSource, requireSalesforceCli } from './sf-convert.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE_CONFIG = path.join(REPO, 'manifests/deployment.example.json');
const FIXTURES = fileURLToPath(new URL('./fixtures/templates/', import.meta.url));
const example = () => JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, unknown>;

function configError(raw: unknown): string {
  try {
    parseDeploymentConfig(raw);
  } catch (error) {
    assert.ok(error instanceof DeploymentConfigError, String(error));
    return error.message;
  }
  assert.fail('the config was accepted');
}

describe('the deployment config the manifests are rendered from', () => {
  it('accepts the example and derives every placeholder of the contract from it', () => {
    const tokens = templateTokens(readDeploymentConfig(EXAMPLE_CONFIG));
    assert.deepEqual(tokens, {
      CONNECTOR_URL: 'https://cti.example.com',
      CONNECTOR_ORIGIN: 'https://cti.example.com',
      SIP_WSS_URL: 'wss://sip.example.com:8443',
      SIP_WSS_ORIGIN: 'wss://sip.example.com:8443',
      APP_NAME: 'Click-to-Call',
      CALL_CENTER_LABEL: 'Click-to-Call',
      CONTACT_EMAIL: 'admin@example.com',
      SALESFORCE_API_VERSION: '62.0',
      OAUTH_CALLBACK_URL: 'https://cti.example.com/auth/salesforce/callback',
      HUBSPOT_OAUTH_CALLBACK_URL: 'https://cti.example.com/auth/hubspot/callback',
    });
  });

  it('keeps a path prefix of the connector but not its trailing slash, and derives the origins', () => {
    const config = parseDeploymentConfig({ ...example(), connectorUrl: 'https://crm.example.com:8443/cti/', sipWebSocketUrl: 'wss://sip.example.com/ws/' });
    const tokens = templateTokens(config);
    assert.equal(tokens.CONNECTOR_URL, 'https://crm.example.com:8443/cti');
    assert.equal(tokens.CONNECTOR_ORIGIN, 'https://crm.example.com:8443');
    assert.equal(tokens.SIP_WSS_URL, 'wss://sip.example.com/ws');
    assert.equal(tokens.SIP_WSS_ORIGIN, 'wss://sip.example.com');
    assert.ok(Object.isFrozen(config));
  });

  it('refuses an http connector and a ws SIP server, saying which scheme each needs', () => {
    const message = configError({ ...example(), connectorUrl: 'http://cti.example.com', sipWebSocketUrl: 'ws://sip.example.com:8080' });
    assert.match(
      message,
      /^- connectorUrl: must use https \(Salesforce and HubSpot load the widget only over https\), such as https:\/\/cti\.example\.com \(got "http:\/\/cti\.example\.com"\)$/m,
    );
    assert.match(message, /^- sipWebSocketUrl: must use wss .* \(got "ws:\/\/sip\.example\.com:8080"\)$/m);
  });

  it('lists every bad setting at once, each with what to write instead', () => {
    const message = configError({
      ...example(),
      callCenter: { name: 'ClickToCall', label: 'Click-to-Call' },
      contactEmail: 'admin',
      salesforceApiVersion: 62,
      colour: 'blue',
    });
    console.log(message.replace(/^/gm, '      '));
    assert.match(message, /^- callCenter\.name: unknown setting \(a typo\?\)$/m, 'the API name is fixed: the file is ClickToCall');
    assert.match(message, /^- contactEmail: must be an email address, such as "admin@example\.com"$/m);
    assert.match(message, /^- salesforceApiVersion: must be a string, such as "62\.0" \(a string, in quotes\)$/m);
    assert.match(message, /^- colour: unknown setting \(a typo\?\)$/m);
    assert.equal(message.split('\n').length, 5);
  });

  it('names a missing setting', () => {
    const { appName: _appName, callCenter: _callCenter, ...rest } = example();
    const message = configError(rest);
    assert.match(message, /^- appName: is required, such as "Click-to-Call"$/m);
    assert.match(message, /^- callCenter: is required: \{ "label": "Click-to-Call" \}$/m);
  });

  it('refuses values that could break out of a string or tag once inserted', () => {
    const message = configError({ ...example(), appName: '<script>', connectorUrl: 'https://cti.example.com/"x', callCenter: { label: "It's" } });
    assert.match(message, /^- appName: must start with a letter or digit and hold only letters, digits, spaces/m);
    assert.match(message, /^- connectorUrl: must not contain quotes, angle brackets, braces, backslashes or spaces/m);
    assert.match(message, /^- callCenter\.label: must start with a letter or digit/m);
  });

  it('says when the file is missing or not JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deployment-config-'));
    try {
      writeFileSync(path.join(dir, 'bad.json'), '{ "appName": ');
      assert.throws(() => readDeploymentConfig(path.join(dir, 'bad.json')), /bad\.json is not valid JSON/);
      assert.throws(() => readDeploymentConfig(path.join(dir, 'absent.json')), /Cannot read the deployment config .*absent\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rendering a template file', () => {
  const awkward = Object.fromEntries(TOKEN_NAMES.map((name) => [name, `a&b "c" <d> 'e'`])) as TemplateTokens;

  it('escapes values for XML and JSON, keeping those files well-formed, and inserts them as they are elsewhere', () => {
    const xml = renderTemplateText('<a t="{{APP_NAME}}">{{APP_NAME}}</a>', 'x-meta.xml', awkward);
    assert.equal(xml, `<a t="a&amp;b &quot;c&quot; &lt;d&gt; &apos;e&apos;">a&amp;b &quot;c&quot; &lt;d&gt; &apos;e&apos;</a>`);
    assert.equal(XMLValidator.validate(xml), true);
    const json = renderTemplateText('{ "name": "{{APP_NAME}}" }', 'app.json', { ...awkward, APP_NAME: 'a "b" \\ c' });
    assert.deepEqual(JSON.parse(json), { name: 'a "b" \\ c' });
    assert.equal(renderTemplateText('<p>{{APP_NAME}}</p>', 'c.html', awkward), `<p>a&b "c" <d> 'e'</p>`);
  });

  it('replaces every placeholder on a line and leaves other braces alone', () => {
    const tokens = templateTokens(readDeploymentConfig(EXAMPLE_CONFIG));
    const rendered = renderTemplateText('url = `{{CONNECTOR_URL}}/widget/`; ws = {{SIP_WSS_URL}}; obj = { a: { b: 1 } }', 'x.js', tokens);
    assert.equal(rendered, 'url = `https://cti.example.com/widget/`; ws = wss://sip.example.com:8443; obj = { a: { b: 1 } }');
  });

  it('names the file and line of an unknown placeholder', () => {
    assert.throws(
      () => renderTemplateText('<a>\n<b>{{CONECTOR_URL}}</b>\n</a>', 'salesforce/x.xml', awkward),
      (error: Error) =>
        error instanceof TemplateError &&
        /^salesforce\/x\.xml:2: unknown placeholder \{\{CONECTOR_URL\}\}; the known ones are CONNECTOR_URL, /.test(error.message),
    );
  });

  it('refuses a placeholder written with spaces or left unclosed, naming file and line', () => {
    assert.throws(
      () => renderTemplateText('a\nb\nurl: {{ CONNECTOR_URL }}', 'hubspot/a.md', awkward),
      /^TemplateError: hubspot\/a\.md:3: "\{\{" left after rendering at "\{\{ CONNECTOR_URL \}\}"/,
    );
    assert.throws(() => renderTemplateText('{{APP_NAME}} {{APP_NAME', 'x.js', awkward), /x\.js:1: "\{\{" left/);
  });
});

describe('rendering and validating the packages (fixture templates)', () => {
  const config = readDeploymentConfig(EXAMPLE_CONFIG);
  let work: string;
  let templates: string;
  let out: string;

  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'render-manifests-'));
    templates = path.join(work, 'templates');
    out = path.join(work, 'out');
    cpSync(FIXTURES, templates, { recursive: true });
    mkdirSync(path.join(templates, 'salesforce/node_modules/left-out'), { recursive: true });
    writeFileSync(path.join(templates, 'salesforce/node_modules/left-out/index.js'), "export const url = '{{NOT_A_TOKEN}}';\n");
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('renders both packages, leaving out tests, jest config, node_modules and the templates root', () => {
    const result = renderManifests({ config, templatesDir: templates, outDir: out });
    assert.deepEqual(result.files, [
      'salesforce/force-app/main/default/callCenters/FixtureCenter.callCenter-meta.xml',
      'salesforce/force-app/main/default/classes/FixtureCalls.cls',
      'salesforce/force-app/main/default/classes/FixtureCalls.cls-meta.xml',
      'salesforce/force-app/main/default/connectedApps/FixtureApp.connectedApp-meta.xml',
      'salesforce/force-app/main/default/cspTrustedSites/FixtureConnector.cspTrustedSite-meta.xml',
      'salesforce/force-app/main/default/cspTrustedSites/FixtureSip.cspTrustedSite-meta.xml',
      'salesforce/force-app/main/default/labels/CustomLabels.labels-meta.xml',
      'salesforce/force-app/main/default/lwc/callList/callList.html',
      'salesforce/force-app/main/default/lwc/callList/callList.js',
      'salesforce/force-app/main/default/lwc/callList/callList.js-meta.xml',
      'salesforce/force-app/main/default/objects/Activity/fields/CTI_Call_Id__c.field-meta.xml',
      'salesforce/force-app/main/default/permissionsets/Fixture_Agent.permissionset-meta.xml',
      'salesforce/manifest/package.xml',
      'salesforce/sfdx-project.json',
      'hubspot/hsproject.json',
      'hubspot/src/app/calling-settings.json',
      'hubspot/src/app/icon.png',
    ].sort());
    const callCenter = readFileSync(path.join(out, 'salesforce/force-app/main/default/callCenters/FixtureCenter.callCenter-meta.xml'), 'utf8');
    assert.match(callCenter, /<value>https:\/\/cti\.example\.com\/widget\/<\/value>/);
    assert.deepEqual(readFileSync(path.join(out, 'hubspot/src/app/icon.png')), readFileSync(path.join(templates, 'hubspot/src/app/icon.png')));
    assert.equal(existsSync(path.join(out, 'README.md')), false);
  });

  it('validates the rendered fixture with no problems', () => {
    renderManifests({ config, templatesDir: templates, outDir: out });
    const report = validateManifests({ outDir: out, config });
    console.log(`      ${report.files} files, ${report.xmlFiles} XML, ${report.jsonFiles} JSON, LWC compiled: ${report.lwcBundles.join(', ')}`);
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.lwcBundles, ['callList']);
    assert.deepEqual(report.metadataTypes, [
      'ApexClass',
      'CallCenter',
      'ConnectedApp',
      'CspTrustedSite',
      'CustomField',
      'CustomLabels',
      'LightningComponentBundle',
      'PermissionSet',
    ]);
  });

  it('reports what would break the install: wrong adapter URL, http link, unlisted or absent component, broken XML and LWC, missing label and Apex method', () => {
    const file = (relative: string) => path.join(templates, 'salesforce/force-app/main/default', relative);
    const edit = (relative: string, from: string | RegExp, to: string) => {
      const before = readFileSync(file(relative), 'utf8');
      const after = before.replace(from, to);
      assert.notEqual(after, before, `the fixture ${relative} changed`);
      writeFileSync(file(relative), after);
    };
    edit('callCenters/FixtureCenter.callCenter-meta.xml', '<value>{{CONNECTOR_URL}}/widget/</value>', '<value>{{CONNECTOR_URL}}/phone/</value>');
    edit('callCenters/FixtureCenter.callCenter-meta.xml', '<value>Lightning</value>', '<value>Classic</value>');
    edit('objects/Activity/fields/CTI_Call_Id__c.field-meta.xml', '<caseSensitive>true</caseSensitive>', '<caseSensitive>false</caseSensitive>');
    edit('cspTrustedSites/FixtureSip.cspTrustedSite-meta.xml', '{{SIP_WSS_ORIGIN}}', 'http://sip.example.com');
    edit('classes/FixtureCalls.cls', ' WITH USER_MODE', '');
    edit('lwc/callList/callList.html', '{widgetUrl}', '{widget Url}');
    edit('lwc/callList/callList.js', 'extends LightningElement', 'extends LightningElement extends');
    edit('lwc/callList/callList.js-meta.xml', '{{SALESFORCE_API_VERSION}}', '60.0');
    mkdirSync(file('lwc/callRow'));
    writeFileSync(
      file('lwc/callRow/callRow.js'),
      "import { LightningElement, wire } from 'lwc';\n" +
        "import TITLE from '@salesforce/label/c.Fixture_Title';\n" +
        "import SUBJECT from '@salesforce/label/c.Fixture_Subject';\n" +
        "import recent from '@salesforce/apex/FixtureCalls.recent';\n" +
        "import older from '@salesforce/apex/FixtureCalls.older';\n" +
        "import gone from '@salesforce/apex/GoneCalls.recent';\n" +
        'export default class CallRow extends LightningElement {\n' +
        '    label = { TITLE, SUBJECT };\n' +
        '    @wire(recent) calls;\n' +
        '    load = () => Promise.all([older(), gone()]);\n' +
        '}\n',
    );
    writeFileSync(
      file('lwc/callRow/callRow.js-meta.xml'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">' +
        '<apiVersion>{{SALESFORCE_API_VERSION}}</apiVersion><isExposed>false</isExposed></LightningComponentBundle>\n',
    );
    edit('classes/FixtureCalls.cls', /\n}\s*$/, '\n    public static List<Task> older() {\n        return new List<Task>();\n    }\n}\n');
    writeFileSync(
      path.join(templates, 'salesforce/manifest/package-apex-only.xml'),
      '<?xml version="1.0"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">' +
        '<types><members>FixtureCalls</members><members>Gone</members><name>ApexClass</name></types>' +
        '<version>{{SALESFORCE_API_VERSION}}</version></Package>\n',
    );
    writeFileSync(
      file('permissionsets/Unlisted.permissionset-meta.xml'),
      '<?xml version="1.0"?>\n<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata"><label>U</label>\n<a></b></PermissionSet>\n',
    );
    writeFileSync(file('permissionsets/Other.permissionset-meta.xml'), '<?xml version="1.0"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata"/>\n');

    renderManifests({ config, templatesDir: templates, outDir: out });
    const problems = validateManifests({ outDir: out, config }).problems;
    console.log(problems.map((problem) => `      ${problem}`).join('\n'));
    const sf = 'salesforce/force-app/main/default';
    const expected = [
      `${sf}/cspTrustedSites/FixtureSip.cspTrustedSite-meta.xml:4: http://sip.example.com is not https or wss`,
      `${sf}/callCenters/FixtureCenter.callCenter-meta.xml: reqAdapterUrl is "https://cti.example.com/phone/", not the widget "https://cti.example.com/widget/"`,
      `${sf}/callCenters/FixtureCenter.callCenter-meta.xml: reqSalesforceCompatibilityMode is Classic, not Lightning`,
      `${sf}/cspTrustedSites/FixtureSip.cspTrustedSite-meta.xml: endpointUrl "http://sip.example.com" is not an https or wss URL`,
      `${sf}/permissionsets/Other.permissionset-meta.xml: root element is <Profile>, expected <PermissionSet>`,
      `${sf}/permissionsets/Unlisted.permissionset-meta.xml:3: not well-formed XML`,
      `${sf}/objects/Activity/fields/CTI_Call_Id__c.field-meta.xml: caseSensitive must be true for the SIP Call-ID`,
      'salesforce: no active CSP Trusted Site for wss://sip.example.com:8443 with connect-src',
      'salesforce/manifest/package.xml: does not list PermissionSet Other',
      `${sf}/lwc/callList/callList.js-meta.xml: apiVersion is 60.0, not the deployment's 62.0`,
      'salesforce/manifest/package-apex-only.xml: lists ApexClass Gone, which the project does not contain',
      `${sf}/classes/FixtureCalls.cls: a query lacks WITH USER_MODE`,
      `${sf}/lwc/callList/callList.html: does not compile: Invalid expression {widget Url}`,
      `${sf}/lwc/callList/callList.js: does not compile: SyntaxError: LWC1007: ${sf.replace('salesforce/', '')}/lwc/callList/callList.js: Unexpected token`,
      'salesforce/manifest/package.xml: does not list LightningComponentBundle callRow',
      `${sf}/lwc/callRow/callRow.js:3: imports label c.Fixture_Subject, which labels/CustomLabels.labels-meta.xml does not define`,
      `${sf}/lwc/callRow/callRow.js:5: imports Apex FixtureCalls.older, which classes/FixtureCalls.cls does not declare as an @AuraEnabled static method`,
      `${sf}/lwc/callRow/callRow.js:6: imports Apex GoneCalls.recent, but there is no classes/GoneCalls.cls`,
    ];
    for (const start of expected) assert.ok(problems.some((problem) => problem.startsWith(start)), `a problem starts with: ${start}`);
    assert.equal(problems.length, expected.length);
  });

  it('writes nothing when one template fails, keeping the previous output', () => {
    renderManifests({ config, templatesDir: templates, outDir: out });
    writeFileSync(path.join(templates, 'hubspot/broken.json'), '{\n  "url": "{{WIDGET_URL}}"\n}\n');
    assert.throws(
      () => renderManifests({ config, templatesDir: templates, outDir: out }),
      /^TemplateError: hubspot\/broken\.json:2: unknown placeholder \{\{WIDGET_URL\}\}/,
    );
    assert.ok(existsSync(path.join(out, 'salesforce/sfdx-project.json')));
    assert.equal(existsSync(path.join(out, 'hubspot/broken.json')), false);
  });

  it('refuses to render over the templates', () => {
    assert.throws(() => renderManifests({ config, templatesDir: templates, outDir: templates }), /must not overlap the templates folder/);
    assert.ok(existsSync(path.join(templates, 'salesforce/sfdx-project.json')));
  });
});

describe('npm run manifests (scripts/render-manifests.ts)', () => {
  it('exits 1 with the settings to fix when the config is bad, writing nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'render-cli-'));
    try {
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...example(), connectorUrl: 'http://cti.example.com' }));
      const args = ['--import', 'tsx', 'scripts/render-manifests.ts', '--config', path.join(dir, 'config.json'), '--out', path.join(dir, 'out')];
      const run = promisify(execFile)(process.execPath, args, { cwd: REPO });
      const failure = await run.then(() => assert.fail('the script succeeded'), (error: { code: number; stderr: string }) => error);
      assert.equal(failure.code, 1);
      assert.match(failure.stderr, /- connectorUrl: must use https/);
      assert.equal(existsSync(path.join(dir, 'out')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the real marketplace templates (manifests/salesforce, manifests/hubspot)', function () {
  this.timeout(120_000);
  let out: string;
  before(() => {
    out = mkdtempSync(path.join(tmpdir(), 'manifests-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('render with the example config, validate, and convert to Metadata API format with the Salesforce CLI', async () => {
    requireSalesforceCli();
    const started = performance.now();
    const config = readDeploymentConfig(EXAMPLE_CONFIG);
    const rendered = renderManifests({ config, templatesDir: path.join(REPO, 'manifests'), outDir: out });
    const report = validateManifests({ outDir: out, config });
    const validatedMs = performance.now() - started;
    assert.deepEqual(report.problems, []);

    const types = await convertSource(path.join(out, 'salesforce'), path.join(out, 'converted'));
    const convertedMs = performance.now() - started - validatedMs;
    const listed = await convertSource(path.join(out, 'salesforce'), path.join(out, 'converted-from-manifest'), { manifest: 'manifest/package.xml' });
    const manifestMs = performance.now() - started - validatedMs - convertedMs;
    console.log(
      `      ${rendered.files.length} files rendered; ${report.xmlFiles} XML files validated; ${report.jsonFiles} HubSpot JSON files; ` +
        `${report.lwcBundles.length} LWC bundles compiled (${report.lwcBundles.join(', ')}); render+validate ${validatedMs.toFixed(0)} ms`,
    );
    console.log(`      sf project convert source: ${types.size} metadata types (${[...types.keys()].join(', ')}) in ${convertedMs.toFixed(0)} ms`);
    const count = (members: Map<string, string[]>) => [...members.values()].reduce((sum, names) => sum + names.length, 0);
    console.log(`      sf project convert source --manifest manifest/package.xml: ${listed.size} types, ${count(listed)} members in ${manifestMs.toFixed(0)} ms`);
    // The manifest lists the labels one by one (CustomLabel), so sf writes no CustomLabels entry for their file.
    const wholeProject = new Map([...types].filter(([type]) => type !== 'CustomLabels'));
    assert.deepEqual(listed, wholeProject, 'converting what manifest/package.xml lists yields the whole force-app');
    assert.ok(existsSync(path.join(out, 'converted-from-manifest/labels/CustomLabels.labels')), 'the labels are converted from the manifest');
    for (const type of ['CallCenter', 'LightningComponentBundle', 'ApexClass', 'PermissionSet', 'CspTrustedSite', 'ConnectedApp', 'CustomLabels']) {
      assert.ok(types.has(type), `the converted package holds ${type}`);
    }
    const activityFields = types.get('CustomField')?.filter((member) => member.startsWith('Activity.')) ?? [];
    assert.ok(activityFields.length > 0 || types.has('CustomObject'), 'the converted package holds the Activity fields');
    for (const component of report.metadataTypes) assert.ok(types.has(component), `sf converted the ${component} the validator found`);
  });

  it('render for another deployment with nothing of the example left in them', () => {
    const config = parseDeploymentConfig({
      appName: 'Acme Phone',
      connectorUrl: 'https://acme.example.org/cti',
      sipWebSocketUrl: 'wss://pbx.acme.example.org/ws',
      callCenter: { label: 'Acme Phone' },
      contactEmail: 'it@acme.example.org',
      salesforceApiVersion: '61.0',
    });
    const other = path.join(out, 'other');
    const rendered = renderManifests({ config, templatesDir: path.join(REPO, 'manifests'), outDir: other });
    assert.deepEqual(validateManifests({ outDir: other, config }).problems, []);
    const exampleDeployment = /cti\.example\.com|sip\.example\.com|admin@example\.com|62\.0/;
    const leftovers = rendered.files.filter((file) => exampleDeployment.test(readFileSync(path.join(other, file), 'latin1')));
    console.log(`      ${rendered.files.length} files rendered for ${config.connectorUrl}; ${leftovers.length} still name the example deployment`);
    assert.deepEqual(leftovers, []);
  });
});
