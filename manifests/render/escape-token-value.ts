/** How a token's value is written into a file so that the file stays well-formed. */
export type Escaping = 'xml' | 'json' | 'none';

/** XML in `.xml` files, JSON string escaping in `.json` files; elsewhere values (validated safe) go in as they are. */
export function escapingFor(fileName: string): Escaping {
  if (fileName.endsWith('.xml')) return 'xml';
  if (fileName.endsWith('.json')) return 'json';
  return 'none';
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** The value as it must appear inside XML text or an attribute, or inside a JSON string literal. */
export function escapeTokenValue(value: string, escaping: Escaping): string {
  switch (escaping) {
    case 'xml':
      return value.replace(/[&<>"']/g, (character) => XML_ENTITIES[character] ?? character);
    case 'json':
      return JSON.stringify(value).slice(1, -1);
    case 'none':
      return value;
  }
}
