/**
 * What the agents' Apex must promise (issue 6): classes run `with sharing`, and every inline SOQL query runs
 * `WITH USER_MODE`, so an agent never reads records or fields their profile hides. Test classes are exempt.
 * A textual check: enough for the few small classes a package ships, not a parser.
 */
export function apexSecurityProblems(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  if (/@isTest\b/i.test(code)) return [];
  const problems: string[] = [];
  if (!/\bwith\s+sharing\b/i.test(code)) problems.push('the class is not declared "with sharing"');
  for (const query of code.match(/\[\s*SELECT\b[^\]]*\]/gi) ?? []) {
    if (!/\bWITH\s+USER_MODE\b/i.test(query)) problems.push(`a query lacks WITH USER_MODE: ${query.replace(/\s+/g, ' ').slice(0, 80)}`);
  }
  return problems;
}
