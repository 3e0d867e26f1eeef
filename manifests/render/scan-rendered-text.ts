import { readFileSync } from 'node:fs';
import path from 'node:path';

const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*):\/\/[^\s"'<>`)\]]*/gi;
/** XML namespace names are identifiers that happen to look like http URLs; nothing fetches them. */
const NAMESPACE_DECLARATION = /\bxmlns(:[\w.-]+)?\s*=\s*("[^"]*"|'[^']*')/g;

/**
 * The checks on every rendered text file, whatever its type: no `{{` left, and every URL https or wss (an http URL in
 * a package means mixed content the CRM blocks, or a secret sent in the clear). Binary files are skipped.
 */
export function scanRenderedText(dir: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(path.join(dir, file));
    if (bytes.includes(0)) continue;
    bytes
      .toString('utf8')
      .split('\n')
      .forEach((line, index) => {
        const where = `${file}:${index + 1}`;
        if (line.includes('{{')) problems.push(`${where}: a placeholder is left: ${line.trim().slice(0, 80)}`);
        for (const match of line.replace(NAMESPACE_DECLARATION, '').matchAll(URL_IN_TEXT)) {
          const scheme = (match[1] ?? '').toLowerCase();
          if (scheme !== 'https' && scheme !== 'wss') problems.push(`${where}: ${match[0]} is not https or wss`);
        }
      });
  }
  return problems;
}
