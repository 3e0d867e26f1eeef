import { escapeTokenValue, escapingFor } from './escape-token-value.js';
import { isTokenName, TOKEN_NAMES, type TemplateTokens } from './template-tokens.js';

/** A template cannot be rendered. `message` starts with `file:line:` so an editor can jump to it. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

const TOKEN = /\{\{([A-Za-z0-9_]+)\}\}/g;

/**
 * Replaces every `{{NAME}}` in one file's text, escaped for the file's type (`fileName` decides). Throws on an unknown
 * name and on any `{{` left afterwards (a misspelt or spaced placeholder), rather than ship a broken package.
 */
export function renderTemplateText(source: string, fileName: string, tokens: TemplateTokens): string {
  const escaping = escapingFor(fileName);
  return source
    .split('\n')
    .map((line, index) => {
      const where = `${fileName}:${index + 1}`;
      const rendered = line.replace(TOKEN, (_whole, name: string) => {
        if (!isTokenName(name)) {
          throw new TemplateError(`${where}: unknown placeholder {{${name}}}; the known ones are ${TOKEN_NAMES.join(', ')}`);
        }
        return escapeTokenValue(tokens[name], escaping);
      });
      const leftover = line.replace(TOKEN, '').indexOf('{{');
      if (leftover !== -1) {
        const excerpt = line.slice(leftover, leftover + 40).trim();
        throw new TemplateError(`${where}: "{{" left after rendering at "${excerpt}"; write a placeholder as {{NAME}} with a known NAME`);
      }
      return rendered;
    })
    .join('\n');
}
