import { childElements, childText, childTexts, type XmlElement } from './xml-document.js';

/** A component found in the source: its `package.xml` type and member, and its parts listable one by one (labels). */
export interface SourceComponent {
  readonly type: string;
  readonly member: string;
  readonly file: string;
  readonly parts?: readonly { readonly type: string; readonly member: string }[];
}

/**
 * A `package.xml` must deploy exactly the project: every component present is listed (directly, by `*`, or, for a
 * labels file, through all its labels), and nothing absent is listed, or a deploy silently misses or fails on it.
 * A partial manifest (another name, deploying a subset on purpose) must only list components that exist.
 */
export function packageManifestProblems(
  root: XmlElement,
  components: readonly SourceComponent[],
  { apiVersion, complete }: { readonly apiVersion: string; readonly complete: boolean },
): string[] {
  const listed = new Map<string, Set<string>>();
  for (const types of childElements(root, 'types')) {
    const name = childText(types, 'name') ?? '';
    const members = listed.get(name) ?? new Set<string>();
    for (const member of childTexts(types, 'members')) members.add(member);
    listed.set(name, members);
  }
  const isListed = (type: string, member: string) => listed.get(type)?.has(member) === true || listed.get(type)?.has('*') === true;
  const problems: string[] = [];
  const version = childText(root, 'version');
  if (version !== apiVersion) problems.push(`version is ${version ?? 'missing'}, not the deployment's ${apiVersion}`);
  for (const component of complete ? components : []) {
    const parts = component.parts ?? [];
    const covered = isListed(component.type, component.member) || (parts.length > 0 && parts.every((part) => isListed(part.type, part.member)));
    if (!covered) problems.push(`does not list ${component.type} ${component.member} (${component.file})`);
  }
  const present = components.flatMap((component) => [component, ...(component.parts ?? [])]);
  for (const [type, members] of listed) {
    for (const member of members) {
      const exists = present.some((item) => item.type === type && (member === '*' || item.member === member));
      if (!exists) problems.push(`lists ${type} ${member}, which the project does not contain`);
    }
  }
  return problems;
}
