import sdkExports from '@hubspot/calling-extensions-sdk';

/**
 * The SDK's `CallingExtensions` class. The package ships CommonJS for Node and an ES build for bundlers: esbuild
 * bundles the ES build, whose default export is the class itself, while TypeScript reads the package as CommonJS
 * and types the default import as the exports object holding the class under `default`. Both shapes are accepted
 * here so the widget works whichever one it is given. (The CommonJS build reads `self` when loaded, so the SDK runs
 * only in a browser: Node tests drive it in Chromium.)
 */
type SdkExports = typeof sdkExports;
export type CallingExtensionsClass = SdkExports['default'];
export type CallingExtensionsSdk = InstanceType<CallingExtensionsClass>;

const loaded: unknown = sdkExports;
export const CallingExtensions: CallingExtensionsClass =
  typeof loaded === 'function' ? (loaded as CallingExtensionsClass) : sdkExports.default;
