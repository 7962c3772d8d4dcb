/**
 * Finds code names about to reach a screen: a template that prints an API code (a stage, a field,
 * a tool name) without turning it into words through the `label` pipe or a words/ function, or
 * static text in camelCase or snake_case. Used by template-words.spec.ts over every template of the
 * app, so a raw field or tool name fails the unit tests.
 */

/** Properties whose values are codes, not words. */
const CODE_PROPS = [
  'factor', 'field', 'stage', 'source', 'channel', 'role', 'type', 'status', 'qualificationStatus', 'scoreSource', 'purpose',
  'financing', 'propertyTypes', 'mode', 'direction', 'toolName', 'timezone', 'preferredChannel', 'outcome', 'kind',
];
/** Component members that hold lists of codes: a loop variable over one is a code too. */
const CODE_LISTS = /^(stages|sources|roles|statuses|types|channels|outcomes|taskTypes|factors|fields|tools)(\(\))?$/;

export interface RawCode {
  text: string;
  why: string;
}

export function rawCodesIn(template: string): RawCode[] {
  const found: RawCode[] = [];
  const loopVars = new Set<string>();
  for (const m of template.matchAll(/@for\s*\(\s*(\w+)\s+of\s+([\w.()]+)/g)) if (CODE_LISTS.test(m[2])) loopVars.add(m[1]);

  for (const m of template.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    const expr = m[1].trim();
    const [value, ...pipes] = splitPipes(expr);
    if (pipes.some((p) => /^label\b/.test(p.trim()))) continue;
    const v = value.trim();
    // The last thing printed (after a ternary's branches or `??`): a bare property path.
    for (const branch of v.split(/\?\?|\?|:/).map((b) => b.trim())) {
      const prop = /(?:^|\.|\?\.)(\w+)$/.exec(branch)?.[1];
      // A call with arguments or a literal is a function's words; `lead().stage` is still a code.
      if (!prop || /\([^)]|[[\]'"`]/.test(branch)) continue;
      if (CODE_PROPS.includes(prop) && branch.includes('.')) found.push({ text: m[0], why: `prints the code "${prop}" as is` });
      else if (loopVars.has(branch)) found.push({ text: m[0], why: `prints an item of a code list as is` });
      else if (/^tool\(\)\.name$|\.name$/.test(branch) && /tool/i.test(branch)) found.push({ text: m[0], why: 'prints a tool name as is' });
    }
  }

  const text = template
    .replace(/<!--[\s\S]*?-->/g, ' ')
    // Icon names are font ligatures, drawn as pictures, not read as words.
    .replace(/<mat-icon[^>]*>[^<]*<\/mat-icon>/g, ' ')
    .replace(/\{\{[\s\S]*?\}\}/g, ' ')
    .replace(/<(?:[^>"']|"[^"]*"|'[^']*')*>/g, ' ')
    .replace(/@\w+(?:\s+if)?\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)/g, ' ')
    .replace(/@let[^;]*;/g, ' ')
    .replace(/@else|@empty/g, ' ');
  for (const m of text.matchAll(/\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+[A-Z][A-Za-z]*\b/g)) found.push({ text: m[0], why: 'code-style word in the text' });
  return found;
}

/** Splits `a | b: 'x' | c` at the pipes, not at `||`. */
function splitPipes(expr: string): string[] {
  return expr.split(/(?<!\|)\|(?!\|)/);
}
