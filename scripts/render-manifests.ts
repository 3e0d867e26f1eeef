// `npm run manifests`: renders the Salesforce and HubSpot packages for one deployment from the templates in
// manifests/, and with --check validates what it wrote. The library is manifests/render/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DeploymentConfigError, readDeploymentConfig } from '../manifests/render/deployment-config.js';
import { renderManifests } from '../manifests/render/render-manifests.js';
import { TemplateError } from '../manifests/render/render-template-text.js';
import { validateManifests } from '../manifests/render/validate-manifests.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

const USAGE = `Usage: npm run manifests -- [options]

Renders manifests/salesforce (a Salesforce DX project) and manifests/hubspot (the HubSpot app) for one deployment,
replacing their {{PLACEHOLDERS}} with values from a deployment config.

Options:
  --config <file>   the deployment config (default manifests/deployment.example.json); copy the example and edit it
  --out <dir>       where salesforce/ and hubspot/ are written (default dist/manifests); those two folders are replaced
  --check           then validate the output (XML types and shapes, package.xml, LWC compile, https URLs) and exit 1
                    on any problem
  --help            this text`;

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', default: path.join(REPO, 'manifests/deployment.example.json') },
      out: { type: 'string', default: path.join(REPO, 'dist/manifests') },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = readDeploymentConfig(values.config);
  const result = renderManifests({ config, templatesDir: path.join(REPO, 'manifests'), outDir: values.out });
  for (const file of result.files) console.log(`  ${file}`);
  console.log(`Rendered ${result.files.length} files for ${config.connectorUrl} into ${result.outDir}`);
  if (!values.check) return 0;
  const report = validateManifests({ outDir: result.outDir, config });
  for (const problem of report.problems) console.error(`  ${problem}`);
  console.log(
    `Checked ${report.files} files: ${report.xmlFiles} XML, ${report.jsonFiles} JSON, ${report.lwcBundles.length} LWC bundles compiled, ` +
      `metadata types ${report.metadataTypes.join(', ')}: ${report.problems.length} problem(s)`,
  );
  return report.problems.length === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof DeploymentConfigError || error instanceof TemplateError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
    throw error;
  }
  console.error((error as Error).message);
  console.error('Run with --help for usage.');
  process.exitCode = 1;
}
