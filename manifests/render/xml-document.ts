import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The namespace every Metadata API file's root element declares. */
export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** An element: its child elements by tag (always arrays, in document order) and its attributes as `@_name`. */
export interface XmlElement {
  readonly [tagOrAttribute: string]: unknown;
}

export interface XmlDocument {
  readonly rootName: string;
  readonly root: XmlElement;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (_name: string, _path: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Why a file is not well-formed, and where. */
export interface XmlSyntaxError {
  readonly line: number;
  readonly message: string;
}

/** Parses a file, or returns why it is not well-formed, so that a report can name every broken file. */
export function parseXml(source: string): XmlDocument | { readonly error: XmlSyntaxError } {
  const verdict = XMLValidator.validate(source);
  if (verdict !== true) return { error: { line: verdict.err.line, message: `not well-formed XML: ${verdict.err.msg}` } };
  const parsed = parser.parse(source) as Record<string, unknown>;
  const roots = Object.keys(parsed);
  const rootName = roots[0];
  if (roots.length !== 1 || rootName === undefined) return { error: { line: 1, message: 'not well-formed XML: expected exactly one root element' } };
  const [root] = elementsOf(parsed[rootName]);
  return { rootName, root: root ?? {} };
}

/** The child elements named `tag` (an element with only text or nothing inside counts as an empty element). */
export function childElements(parent: XmlElement, tag: string): XmlElement[] {
  return elementsOf(parent[tag]);
}

/** The text of each child named `tag` (empty for an element that has children rather than text). */
export function childTexts(parent: XmlElement, tag: string): string[] {
  const value = parent[tag];
  return Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : '')) : [];
}

/** The text of the first child named `tag`, or undefined when there is none. */
export function childText(parent: XmlElement, tag: string): string | undefined {
  return childTexts(parent, tag)[0];
}

function elementsOf(value: unknown): XmlElement[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => (typeof item === 'object' && item !== null ? (item as XmlElement) : {}));
}
