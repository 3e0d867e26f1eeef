/**
 * The Metadata API types a source-format file may hold, by file-name suffix. The root element of the file is the type
 * name, and `package.xml` lists the component under that name. Files under `objects/<Object>/<folder>/` are children
 * of the object, named `<Object>.<name>`.
 */
export interface MetadataType {
  readonly suffix: string;
  readonly type: string;
  readonly childOfObject: boolean;
}

const TYPES: readonly (readonly [suffix: string, type: string, childOfObject?: true])[] = [
  ['.callCenter-meta.xml', 'CallCenter'],
  ['.field-meta.xml', 'CustomField', true],
  ['.listView-meta.xml', 'ListView', true],
  ['.webLink-meta.xml', 'WebLink', true],
  ['.compactLayout-meta.xml', 'CompactLayout', true],
  ['.recordType-meta.xml', 'RecordType', true],
  ['.validationRule-meta.xml', 'ValidationRule', true],
  ['.object-meta.xml', 'CustomObject'],
  ['.permissionset-meta.xml', 'PermissionSet'],
  ['.permissionsetgroup-meta.xml', 'PermissionSetGroup'],
  ['.cspTrustedSite-meta.xml', 'CspTrustedSite'],
  ['.corsWhitelistOrigin-meta.xml', 'CorsWhitelistOrigin'],
  ['.remoteSite-meta.xml', 'RemoteSiteSetting'],
  ['.namedCredential-meta.xml', 'NamedCredential'],
  ['.connectedApp-meta.xml', 'ConnectedApp'],
  ['.labels-meta.xml', 'CustomLabels'],
  ['.js-meta.xml', 'LightningComponentBundle'],
  ['.cls-meta.xml', 'ApexClass'],
  ['.trigger-meta.xml', 'ApexTrigger'],
  ['.flexipage-meta.xml', 'FlexiPage'],
  ['.tab-meta.xml', 'CustomTab'],
  ['.layout-meta.xml', 'Layout'],
  ['.app-meta.xml', 'CustomApplication'],
  ['.customPermission-meta.xml', 'CustomPermission'],
  ['.resource-meta.xml', 'StaticResource'],
  ['.md-meta.xml', 'CustomMetadata'],
  ['.quickAction-meta.xml', 'QuickAction'],
];

export const METADATA_TYPES: readonly MetadataType[] = TYPES.map(([suffix, type, childOfObject]) => ({
  suffix,
  type,
  childOfObject: childOfObject === true,
}));

/** The type a `-meta.xml` file holds, or undefined when its suffix is not one this validator knows. */
export function metadataTypeOf(relativePath: string): MetadataType | undefined {
  return METADATA_TYPES.find((candidate) => relativePath.endsWith(candidate.suffix));
}

/** The component's `package.xml` member name: the bundle folder for LWC, `<Object>.<name>` for object children. */
export function memberName(relativePath: string, metadataType: MetadataType): string {
  const segments = relativePath.split('/');
  const base = (segments[segments.length - 1] ?? '').slice(0, -metadataType.suffix.length);
  if (metadataType.type === 'LightningComponentBundle') return segments[segments.length - 2] ?? base;
  if (metadataType.childOfObject) return `${segments[segments.length - 3] ?? ''}.${base}`;
  return base;
}
