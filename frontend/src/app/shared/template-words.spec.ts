/// <reference types="node" />
// Reads the template files from disk: the unit tests run in Node (Vitest), the check never ships.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { rawCodesIn } from './template-words';

/** Every template of the app: .html files and inline `template:` strings. */
function templates(dir: string): { file: string; template: string }[] {
  const out: { file: string; template: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'api') out.push(...templates(path));
    } else if (name.endsWith('.html')) {
      out.push({ file: path, template: readFileSync(path, 'utf8') });
    } else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) {
      const source = readFileSync(path, 'utf8');
      for (const m of source.matchAll(/\btemplate:\s*`([\s\S]*?)`,\s*\n/g)) out.push({ file: path, template: m[1] });
    }
  }
  return out;
}

describe('words on screen', () => {
  it('catches a raw field, factor, stage or tool name reaching a template', () => {
    expect(rawCodesIn('<span>{{ f.factor }}</span>')).toHaveLength(1);
    expect(rawCodesIn('<span>{{ lead().stage }}</span>')).toHaveLength(1);
    expect(rawCodesIn('<b>{{ tool().name }}</b>')).toHaveLength(1);
    expect(rawCodesIn('@for (r of roles; track r) { <mat-option>{{ r }}</mat-option> }')).toHaveLength(1);
    expect(rawCodesIn('<dt>budgetMax</dt>')).toHaveLength(1);
    expect(rawCodesIn('<span>AI schedule_viewing</span>')).toHaveLength(1);
  });

  it('lets labelled codes and ordinary words through', () => {
    expect(rawCodesIn(`<span>{{ f.factor | label: 'factor' }}</span>`)).toEqual([]);
    expect(rawCodesIn('@for (r of roles; track r) { <mat-option [value]="r">{{ r | label: \'role\' }}</mat-option> }')).toEqual([]);
    expect(rawCodesIn('<p>{{ lead.contact.name }} · created {{ lead.createdAt | timeAgo }}</p>')).toEqual([]);
    expect(rawCodesIn('@if (user.role === \'admin\') { <p>Admins see every lead.</p> }')).toEqual([]);
  });

  it('no template in the app prints a code name', () => {
    const root = join(process.cwd(), 'frontend', 'src', 'app');
    const found = templates(root).flatMap(({ file, template }) => rawCodesIn(template).map((r) => `${relative(root, file)}: ${r.text} (${r.why})`));
    expect(templates(root).length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });
});
