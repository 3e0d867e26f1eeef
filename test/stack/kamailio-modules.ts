import { execFileSync } from 'node:child_process';

let cached: string | undefined;

/**
 * The folder Kamailio loads modules from, as the binary itself reports it (`-L path (default: ...)` in `kamailio -h`),
 * so the module check works on any architecture's Debian.
 */
export function kamailioModuleFolder(binary: string): string {
  if (cached !== undefined) return cached;
  let help = '';
  try {
    help = execFileSync(binary, ['-h'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // kamailio -h exits non-zero on some versions; its text is still there.
    const failed = error as { stdout?: string; stderr?: string };
    help = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
  const match = /-L path\s+Modules search path \(default: ([^)]+)\)/.exec(help);
  if (!match?.[1]) throw new Error(`Cannot tell where Kamailio's modules are from \`${binary} -h\`:\n${help}`);
  cached = match[1].trim();
  return cached;
}
