import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Each table is written by one repository (docs/ARCHITECTURE.md, "Who writes each table"): the
 * list there is read as the rule, and every write in backend/src is checked against it. A write
 * is raw SQL (`INSERT INTO t`, `UPDATE t`, `DELETE FROM t`, `TRUNCATE t`) or TypeORM on an entity
 * (`getRepository(E).save(…)`, `manager.insert(E, …)`, a query builder's `.into(E)` / `.update(E)`).
 * Migrations are not looked at; tests (`*.spec.ts`) neither.
 */
const root = resolve(__dirname, '..', '..');
const src = resolve(root, 'backend', 'src');

/** Writers outside the list, by name, with the reason. Keep it short. */
const EXCEPTIONS: { file: string; tables: string[]; why: string }[] = [
  {
    file: 'dedup/merges.repository.ts',
    tables: ['duplicate_candidates', 'lead_matches', 'lead_profiles'],
    why: 'merge and undo move a lead’s rows wholesale in one transaction; being reworked to go through the owners',
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !/\.(medium-)?spec\.ts$/.test(e.name) ? [path] : [];
  });
}

/** The list in docs/ARCHITECTURE.md: table → the file that writes it. */
function owners(): Map<string, string> {
  const doc = readFileSync(resolve(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
  const section = doc.split(/^### Who writes each table$/m)[1]?.split(/^#/m)[0];
  if (!section) throw new Error('docs/ARCHITECTURE.md has no "### Who writes each table" section');
  const out = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([a-z_]+)` \| `([^`]+)` \|/gm)) out.set(m[1], m[2]);
  return out;
}

/** Every write found: table, file (relative to backend/src), line. */
function writes(texts: { file: string; text: string }[]): { table: string; file: string; line: number; what: string }[] {
  const entityTable = new Map<string, string>();
  for (const { text } of texts) for (const m of text.matchAll(/@Entity\('([a-z_]+)'[^)]*\)[\s\S]*?export class (\w+)/g)) entityTable.set(m[2], m[1]);
  const tables = new Set(entityTable.values());
  const out: { table: string; file: string; line: number; what: string }[] = [];
  for (const { file, text } of texts) {
    const at = (i: number) => text.slice(0, i).split('\n').length;
    for (const m of text.matchAll(/\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?([a-z_]+)"?/g)) {
      if (tables.has(m[2])) out.push({ table: m[2], file, line: at(m.index), what: m[1].split(/\s/)[0] });
    }
    const typeorm = [
      /getRepository\((\w+)\)\s*\.\s*(insert|save|update|delete|upsert|remove|softDelete|increment|decrement)\(/g,
      /\.(insert|save|update|delete|upsert|remove|softDelete|increment|decrement)\((\w+),/g,
      /\.(into|update)\((\w+)\)/g,
    ];
    // A repository kept in a field: `x: Repository<E>`, `x = db.getRepository(E)`, `@InjectRepository(E) x`.
    const fields = new Map<string, string>();
    for (const m of text.matchAll(/(\w+)\s*(?::\s*Repository<(\w+)>|=\s*[\w.]*getRepository\((\w+)\))/g)) fields.set(m[1], m[2] ?? m[3]);
    for (const m of text.matchAll(/@InjectRepository\((\w+)\)\s*(?:private|public|protected|readonly|\s)*(\w+)/g)) fields.set(m[2], m[1]);
    for (const [field, entity] of fields) {
      const table = entityTable.get(entity);
      if (!table) continue;
      for (const m of text.matchAll(new RegExp(`\\b${field}\\s*\\.\\s*(insert|save|update|delete|upsert|remove|softDelete|increment|decrement)\\(`, 'g'))) out.push({ table, file, line: at(m.index), what: `TypeORM on ${entity}` });
    }
    for (const re of typeorm) {
      for (const m of text.matchAll(re)) {
        const entity = entityTable.has(m[1]) ? m[1] : m[2];
        const table = entityTable.get(entity);
        if (table) out.push({ table, file, line: at(m.index), what: `TypeORM on ${entity}` });
      }
    }
  }
  return out;
}

describe('one writer per table', () => {
  const list = owners();
  const texts = sourceFiles(src).map((f) => ({ file: relative(src, f), text: readFileSync(f, 'utf8') }));
  const found = writes(texts);
  const allowed = (table: string, file: string) => list.get(table) === file || EXCEPTIONS.some((e) => e.file === file && e.tables.includes(table));

  it('every table written in backend/src has its writer named in docs/ARCHITECTURE.md', () => {
    const unlisted = [...new Set(found.map((w) => w.table))].filter((t) => !list.has(t));
    expect(unlisted).toEqual([]);
  });

  it('no file writes a table it does not own', () => {
    const strays = found.filter((w) => !allowed(w.table, w.file)).map((w) => `${w.file}:${w.line} ${w.what} ${w.table} (owner: ${list.get(w.table) ?? 'none listed'})`);
    expect(strays).toEqual([]);
  });

  it('the list names files that exist and do write the table (no stale entries)', () => {
    const stale = [...list].filter(([table, file]) => !found.some((w) => w.table === table && w.file === file)).map(([table, file]) => `${table} → ${file}`);
    expect(stale).toEqual([]);
  });

  it('catches stray writes, raw SQL and TypeORM alike (the scan itself works)', () => {
    const stray = {
      file: 'matching/stray.repository.ts',
      text: [
        "await tx.query(`UPDATE leads SET score = 0 WHERE id = $1`, [id]);",
        "await tx.query(`INSERT INTO activities (lead_id, type, summary) VALUES ($1, 'note', 'x')`, [id]);",
        'await this.db.getRepository(UserEntity).update({ id }, { name });',
        'await tx.insert(TaskEntity, { leadId, title });',
        'private readonly keys: Repository<ApiKeyEntity>;',
        'await this.keys.delete({ id });',
      ].join('\n'),
    };
    const caught = writes([...texts, stray]).filter((w) => w.file === stray.file && !allowed(w.table, w.file));
    expect(caught.map((w) => `${w.line} ${w.table}`).sort()).toEqual(['1 leads', '2 activities', '3 users', '4 tasks', '6 api_keys']);
  });
});
