/** Folders that hold tests, installed packages or a tool's local state, never part of what an admin deploys. */
const REPO_ONLY_FOLDERS = new Set(['__tests__', 'node_modules', '.sfdx', '.sf', '.localdevserver', 'coverage']);

/**
 * True for a template file or folder that stays in the repository and is not rendered: tests (LWC jest tests run on
 * the templates themselves), jest config, installed packages and tool state.
 */
export function isRepoOnlyFile(relativePath: string): boolean {
  const segments = relativePath.split('/');
  const base = segments[segments.length - 1] ?? '';
  return (
    segments.some((segment) => REPO_ONLY_FOLDERS.has(segment)) ||
    /\.test\.[cm]?[jt]s$/.test(base) ||
    /^jest\.config\./.test(base)
  );
}
