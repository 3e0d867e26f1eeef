// `npm run hubspot:register -- --app-id <id> --settings <file>`: registers the calling-extension settings of a HubSpot
// app (the provider agents pick in HubSpot's call switcher) from the rendered manifests/hubspot/calling-extension.json.
// The developer API key comes only from the environment, never a flag, so it stays out of shell history and `ps`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CrmError } from '../connector/src/crm/crm-error.js';
import { scrubSecrets } from '../connector/src/crm/scrub-secrets.js';
import { DEFAULT_HUBSPOT_API_BASE_URL, registerCallingSettings } from '../connector/src/crm/hubspot/hubspot-calling-settings.js';
import { parseCallingSettings } from '../connector/src/crm/hubspot/hubspot-calling-settings-schema.js';

const KEY_VARIABLE = 'HUBSPOT_DEVELOPER_API_KEY';

const USAGE = `Usage: ${KEY_VARIABLE}=... npm run hubspot:register -- --app-id <id> --settings <file>

Creates or updates the calling-extension settings of a HubSpot app so they equal <file>, and prints what HubSpot
holds afterwards. Running it again with the same file changes nothing.

Options:
  --app-id <id>        the app's id, shown on the app in the HubSpot developer account
  --settings <file>    the rendered calling-extension.json (render the manifests first; the template is refused)
  --api-base-url <url> HubSpot's API (default ${DEFAULT_HUBSPOT_API_BASE_URL}); http only to 127.0.0.1 or localhost
  --help               this text

Environment:
  ${KEY_VARIABLE}   the developer account's API key (developer account > Keys > Developer API key). It is
                              never printed.`;

/** Exit codes: 0 registered, 1 HubSpot or the file refused, 2 bad usage. */
async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'app-id': { type: 'string' },
        settings: { type: 'string' },
        'api-base-url': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    const hint = /api-?key|hapikey/i.test(said) ? `\nThe key is read only from ${KEY_VARIABLE}, never from a flag.` : '';
    console.error(`${said}${hint}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const appId = values['app-id'];
  const file = values.settings;
  const key = process.env[KEY_VARIABLE]?.trim() ?? '';
  if (appId === undefined || file === undefined) {
    console.error(`Give --app-id and --settings.\n\n${USAGE}`);
    return 2;
  }
  if (key === '') {
    console.error(`Set ${KEY_VARIABLE} to the developer API key of the account that owns app ${appId}.\n\n${USAGE}`);
    return 2;
  }

  let settings;
  try {
    settings = parseCallingSettings(JSON.parse(readFileSync(file, 'utf8')), file);
  } catch (error) {
    console.error(error instanceof SyntaxError ? `${file} is not JSON: ${error.message}` : (error as Error).message);
    return 1;
  }

  try {
    const result = await registerCallingSettings({
      appId,
      developerApiKey: key,
      settings,
      ...(values['api-base-url'] ? { baseUrl: values['api-base-url'] } : {}),
    });
    const done = {
      created: `Created the calling settings of HubSpot app ${appId}:`,
      updated: `Updated the calling settings of HubSpot app ${appId}:`,
      unchanged: `The calling settings of HubSpot app ${appId} were already up to date:`,
    }[result.action];
    console.log(done);
    console.log(JSON.stringify(result.settings, null, 2));
    return 0;
  } catch (error) {
    const said = error instanceof CrmError ? error.message : `Registration failed: ${String(error)}`;
    console.error(scrubSecrets(said, [key]));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
