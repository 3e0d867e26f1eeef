import { readFileSync } from 'node:fs';
import path from 'node:path';

const LABELS_FILE = 'labels/CustomLabels.labels-meta.xml';
const LABEL_IMPORT = /(["'])@salesforce\/label\/c\.([^"']*)\1/g;
const APEX_IMPORT = /(["'])@salesforce\/apex\/([^"']*)\1/g;

/**
 * The LWC imports that compile and pass the Jest tests yet break on the org: a custom label the project does not
 * define (sfdx-lwc-jest silently stands in the label's name) and an Apex method that is absent or not `@AuraEnabled`
 * static (the deploy fails, or the call does at run time). Checks every `.js` of every `lwc/<bundle>/` folder except
 * `__tests__`; `files` are paths relative to `dir`, `labels` the names the project's labels files define. Apex names
 * match case-insensitively, as Apex resolves them. Messages are `<file>:<line>: ...`.
 */
export function lwcReferenceProblems(dir: string, files: readonly string[], labels: ReadonlySet<string>): string[] {
  const classes = new Map<string, string>();
  for (const file of files) {
    const match = /(?:^|\/)classes\/([^/]+)\.cls$/.exec(file);
    if (match !== null) classes.set((match[1] ?? '').toLowerCase(), file);
  }
  const auraMethods = new Map<string, Set<string>>();
  const methodsOf = (classFile: string): Set<string> => {
    let methods = auraMethods.get(classFile);
    if (methods === undefined) {
      methods = auraEnabledStaticMethods(readFileSync(path.join(dir, classFile), 'utf8'));
      auraMethods.set(classFile, methods);
    }
    return methods;
  };

  const problems: string[] = [];
  for (const file of files.filter((name) => /(?:^|\/)lwc\/[^/]+\/.+\.js$/.test(name) && !/\/__tests__\//.test(name))) {
    const source = withoutComments(readFileSync(path.join(dir, file), 'utf8'));
    const at = (index: number) => `${file}:${source.slice(0, index).split('\n').length}`;
    for (const match of source.matchAll(LABEL_IMPORT)) {
      const name = match[2] ?? '';
      if (!labels.has(name)) problems.push(`${at(match.index)}: imports label c.${name}, which ${LABELS_FILE} does not define`);
    }
    for (const match of source.matchAll(APEX_IMPORT)) {
      const reference = match[2] ?? '';
      const parts = /^(\w+)\.(\w+)$/.exec(reference);
      if (parts === null) {
        problems.push(`${at(match.index)}: imports Apex ${reference}, which is not of the form <Class>.<method>`);
        continue;
      }
      const [, className = '', method = ''] = parts;
      const classFile = classes.get(className.toLowerCase());
      if (classFile === undefined) {
        problems.push(`${at(match.index)}: imports Apex ${reference}, but there is no classes/${className}.cls`);
      } else if (!methodsOf(classFile).has(method.toLowerCase())) {
        problems.push(`${at(match.index)}: imports Apex ${reference}, which classes/${path.posix.basename(classFile)} does not declare as an @AuraEnabled static method`);
      }
    }
  }
  return problems;
}

/**
 * Lower-cased names of the methods an `@AuraEnabled` annotation (perhaps among others) marks, whose declaration says
 * `static`. A textual check, enough for the few small classes a package ships.
 */
function auraEnabledStaticMethods(source: string): Set<string> {
  const declaration = /@AuraEnabled\b(?:\s*\([^)]*\))?(?:\s*@\w+(?:\s*\([^)]*\))?)*([^;{}()@=]*)\(/gi;
  const methods = new Set<string>();
  for (const match of withoutComments(source).matchAll(declaration)) {
    const head = match[1] ?? '';
    const name = /(\w+)\s*$/.exec(head)?.[1];
    if (name !== undefined && /\bstatic\b/i.test(head)) methods.add(name.toLowerCase());
  }
  return methods;
}

/**
 * Blanks comments, keeping their newlines so line numbers still match the file; strings are skipped whole, so a URL's
 * `//` inside one is not taken for a comment.
 */
function withoutComments(source: string): string {
  const token = /'(?:\\.|[^\\'\n])*'|"(?:\\.|[^\\"\n])*"|`(?:\\.|[^\\`])*`|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
  return source.replace(token, (text) => (text.startsWith('/') ? text.replace(/[^\n]/g, ' ') : text));
}
