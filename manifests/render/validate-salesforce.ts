import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { apexSecurityProblems } from './apex-security.js';
import { compileLwcBundles } from './compile-lwc-bundles.js';
import type { DeploymentConfig } from './deployment-config.js';
import { listFiles } from './list-files.js';
import { lwcReferenceProblems } from './lwc-references.js';
import { memberName, metadataTypeOf } from './metadata-types.js';
import { packageManifestProblems, type SourceComponent } from './package-manifest.js';
import { checkShape, type TrustedSite } from './salesforce-shapes.js';
import { childText, METADATA_NAMESPACE, parseXml, type XmlElement } from './xml-document.js';

/** The Task field holding the SIP Call-ID: the connector's default `SF_CALL_ID_FIELD`. */
export const CALL_ID_FIELD = 'CTI_Call_Id__c';

export interface SalesforceReport {
  /** Each as `<file>[:line]: message`, file relative to the rendered output folder. */
  readonly problems: string[];
  readonly xmlFiles: number;
  readonly lwcBundles: readonly string[];
  readonly components: readonly SourceComponent[];
}

/**
 * Validates a rendered Salesforce DX project without an org: well-formed XML of the type its name says, the shapes
 * a working install depends on, a package.xml matching the source, Apex security, LWC bundles that compile, and the
 * labels and Apex methods they import.
 * `label` prefixes file names in messages (`salesforce`).
 */
export function validateSalesforce(dir: string, config: DeploymentConfig, label = 'salesforce'): SalesforceReport {
  const files = listFiles(dir);
  const problems: string[] = [];
  const report = (file: string, message: string) => problems.push(`${label}/${file}: ${message}`);
  problems.push(...projectProblems(dir, config).map((message) => `${label}/sfdx-project.json: ${message}`));

  const components: SourceComponent[] = [];
  const manifests: { file: string; root: XmlElement; complete: boolean }[] = [];
  const trustedSites: TrustedSite[] = [];
  let xmlFiles = 0;
  for (const file of files.filter((name) => name.endsWith('.xml'))) {
    xmlFiles += 1;
    const document = parseXml(readFileSync(path.join(dir, file), 'utf8'));
    if ('error' in document) {
      report(`${file}:${document.error.line}`, document.error.message);
      continue;
    }
    const complete = path.posix.basename(file) === 'package.xml';
    const isManifest = complete || (!file.endsWith('-meta.xml') && document.rootName === 'Package');
    const metadataType = isManifest ? undefined : metadataTypeOf(file);
    const expected = isManifest ? 'Package' : metadataType?.type;
    if (expected === undefined) {
      if (file.endsWith('-meta.xml')) report(file, 'unknown metadata suffix: add its type to manifests/render/metadata-types.ts');
      continue;
    }
    if (document.rootName !== expected) report(file, `root element is <${document.rootName}>, expected <${expected}>`);
    if (document.root['@_xmlns'] !== METADATA_NAMESPACE) report(file, `root element is not in the namespace ${METADATA_NAMESPACE}`);
    if (isManifest) {
      manifests.push({ file, root: document.root, complete });
      continue;
    }
    if (metadataType === undefined) continue;
    const member = memberName(file, metadataType);
    const shape = checkShape(expected, document.root, config, member);
    for (const message of shape.problems) report(file, message);
    if (shape.trustedSite !== undefined) trustedSites.push(shape.trustedSite);
    const parts = shape.labels?.map((name) => ({ type: 'CustomLabel', member: name }));
    components.push({ type: expected, member, file: `${label}/${file}`, ...(parts === undefined ? {} : { parts }) });
  }

  for (const message of callIdFieldProblems(dir, files)) problems.push(`${label}/${message}`);
  for (const message of trustedSiteProblems(trustedSites, config)) problems.push(`${label}: ${message}`);
  if (!manifests.some((manifest) => manifest.complete)) {
    problems.push(`${label}: no package.xml (the Metadata API deploy path needs manifest/package.xml)`);
  }
  for (const { file, root, complete } of manifests) {
    const apiVersion = config.salesforceApiVersion;
    for (const message of packageManifestProblems(root, components, { apiVersion, complete })) report(file, message);
  }
  for (const file of files.filter((name) => name.endsWith('.cls'))) {
    if (!files.includes(`${file}-meta.xml`)) report(file, 'has no .cls-meta.xml beside it');
    for (const message of apexSecurityProblems(readFileSync(path.join(dir, file), 'utf8'))) report(file, message);
  }
  const lwc = compileLwcBundles(dir, files);
  problems.push(...lwc.problems.map((message) => `${label}/${message}`));
  const labelFiles = components.filter((component) => component.type === 'CustomLabels');
  const labels = new Set(labelFiles.flatMap((component) => component.parts ?? []).map((part) => part.member));
  problems.push(...lwcReferenceProblems(dir, files, labels).map((message) => `${label}/${message}`));
  return { problems, xmlFiles, lwcBundles: lwc.compiled, components };
}

function projectProblems(dir: string, config: DeploymentConfig): string[] {
  const file = path.join(dir, 'sfdx-project.json');
  if (!existsSync(file)) return ['missing: a Salesforce DX project needs it'];
  let project: { sourceApiVersion?: unknown; packageDirectories?: unknown };
  try {
    project = JSON.parse(readFileSync(file, 'utf8')) as typeof project;
  } catch (error) {
    return [`not valid JSON: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (project.sourceApiVersion !== config.salesforceApiVersion) {
    problems.push(`sourceApiVersion is ${String(project.sourceApiVersion)}, not the deployment's ${config.salesforceApiVersion}`);
  }
  const directories = Array.isArray(project.packageDirectories) ? (project.packageDirectories as { path?: unknown }[]) : [];
  if (directories.length === 0) problems.push('packageDirectories is empty');
  for (const directory of directories) {
    if (typeof directory.path !== 'string' || !existsSync(path.join(dir, directory.path))) {
      problems.push(`package directory ${String(directory.path)} does not exist`);
    }
  }
  return problems;
}

/** Task custom fields live under Activity; the Call-ID one must be an external ID the outbox can upsert on. */
function callIdFieldProblems(dir: string, files: readonly string[]): string[] {
  const problems = files
    .filter((file) => /(^|\/)objects\/(Task|Event)\/fields\//.test(file))
    .map((file) => `${file}: Task and Event fields belong under objects/Activity/fields/, or the deploy fails`);
  const fieldFile = files.find((file) => file.endsWith(`objects/Activity/fields/${CALL_ID_FIELD}.field-meta.xml`));
  if (fieldFile === undefined) return [...problems, `no objects/Activity/fields/${CALL_ID_FIELD}.field-meta.xml (the SIP Call-ID field)`];
  const document = parseXml(readFileSync(path.join(dir, fieldFile), 'utf8'));
  if ('error' in document) return problems;
  for (const flag of ['externalId', 'unique', 'caseSensitive']) {
    if (childText(document.root, flag) !== 'true') problems.push(`${fieldFile}: ${flag} must be true for the SIP Call-ID`);
  }
  return problems;
}

/** The connector is framed and fetched; the SIP server is reached over a WebSocket from the Salesforce page. */
function trustedSiteProblems(sites: readonly TrustedSite[], config: DeploymentConfig): string[] {
  const connector = new URL(config.connectorUrl).origin;
  const sip = new URL(config.sipWebSocketUrl).origin;
  const problems: string[] = [];
  if (!sites.some((site) => site.active && site.origin === connector && site.frame && site.connect)) {
    problems.push(`no active CSP Trusted Site for ${connector} with frame-src and connect-src`);
  }
  if (!sites.some((site) => site.active && site.origin === sip && site.connect)) problems.push(`no active CSP Trusted Site for ${sip} with connect-src`);
  return problems;
}
