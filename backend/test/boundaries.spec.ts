import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { ESLint, Linter } from 'eslint';

/**
 * The module-boundary lint rule (eslint.boundaries.mjs, docs/ARCHITECTURE.md) bites: a feature
 * importing another feature's internals, or core importing a feature, fails lint. Linted with the
 * boundaries config alone (no type information), on files given as text at real paths.
 */
const root = resolve(__dirname, '..', '..');
const src = resolve(root, 'backend', 'src');

interface BoundariesModule {
  boundariesConfig: Linter.Config;
  FEATURES: string[];
}

let eslint: ESLint;
let features: string[];

beforeAll(async () => {
  // ESM config file and ESLint's Node API, loaded the way eslint.config.mjs loads them.
  const mod = (await import(resolve(root, 'eslint.boundaries.mjs'))) as BoundariesModule;
  const { ESLint: ESLintClass } = (await import('eslint')) as { ESLint: typeof ESLint };
  features = mod.FEATURES;
  eslint = new ESLintClass({ cwd: root, overrideConfigFile: true, overrideConfig: [mod.boundariesConfig, { linterOptions: { reportUnusedDisableDirectives: 'off' } }] });
}, 60_000);

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(src, file) });
  return result.messages.map((m) => `${m.line}: ${m.ruleId} ${m.message}`);
}

describe('module boundaries', () => {
  it("refuses a feature importing another feature's repository, query file or sub-folder", async () => {
    const errors = await boundaryErrors(
      'matching/example.ts',
      [
        "import { InventoryRepository } from '../inventory/inventory.repository';",
        "import { inboxWhere } from '../leads/inbox-query';",
        "import { ToolRunner } from '../agent/tools/tool-runner';",
      ].join('\n'),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^1: boundaries\/dependencies Import only another feature's public files/),
      expect.stringMatching(/^2: boundaries\/dependencies/),
      expect.stringMatching(/^3: boundaries\/dependencies/),
    ]);
  });

  it("allows another feature's module, service, DTOs, entities and enums, and core", async () => {
    const errors = await boundaryErrors(
      'matching/example.ts',
      [
        "import { InventoryModule } from '../inventory/inventory.module';",
        "import { LeadsService } from '../leads/leads.service';",
        "import { UnitHitDto } from '../inventory/inventory.dto';",
        "import { LeadEntity } from '../leads/lead.entity';",
        "import { LeadStage } from '../leads/lead.enums';",
        "import { scopeOf } from '../access/lead-access';",
        "import { DomainError } from '../core/http/domain-error';",
        "import { MatchingRepository } from './matching.repository';",
      ].join('\n'),
    );
    expect(errors).toEqual([]);
  });

  it('refuses core importing a feature, even its public files, or the app', async () => {
    const errors = await boundaryErrors(
      'core/auth/example.ts',
      ["import { UsersService } from '../../users/users.service';", "import { AppModule } from '../../app.module';", "import { AppConfig } from '../config/app-config';"].join('\n'),
    );
    expect(errors).toEqual([expect.stringMatching(/^1: boundaries\/dependencies core\/ imports no feature/), expect.stringMatching(/^2: boundaries\/dependencies core\/ imports no feature/)]);
  });

  it.each([
    ['leads/example.ts', "import { ScoringService } from '../scoring/scoring.service';", 'scoring'],
    ['leads/example.ts', "import { QualificationEntity } from '../scoring/qualification.entity';", 'scoring'],
    ['leads/example.ts', "import { UnitType } from '../inventory/unit.enums';", 'inventory'],
    ['inventory/example.ts', "import { Purpose } from '../leads/lead.enums';", 'leads'],
    ['inventory/example.ts', "import { understand } from '../agent/local/understanding';", 'agent'],
    ['embedding/example.ts', "import { UnitEntity } from '../inventory/unit.entity';", 'inventory'],
  ])('refuses an import that would close a cycle (%s: %s)', async (file, code, to) => {
    expect(await boundaryErrors(file, code)).toEqual([expect.stringMatching(new RegExp(`^1: boundaries/dependencies ${file.split('/')[0]}/ must not import ${to}/ \\(a cycle\\)`))]);
  });

  it('allows the dependencies that stay: scoring → leads, agent and matching → inventory, inventory → embedding, leads and inventory → words', async () => {
    const ok = async (file: string, code: string) => expect(await boundaryErrors(file, code)).toEqual([]);
    await ok('scoring/example.ts', "import { LEAD_SCORING } from '../leads/lead-scoring';\nimport { LeadEntity } from '../leads/lead.entity';");
    await ok('agent/example.ts', "import { InventoryService } from '../inventory/inventory.service';");
    await ok('inventory/example.ts', "import { SemanticSearch } from '../embedding/semantic-search.service';");
    await ok('leads/example.ts', "import { UnitType } from '../words/home-types';");
  });

  it('leaves no cycle between backend folders (type-only imports included)', () => {
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !/\.(spec|e2e-spec|medium-spec|contract)\.ts$/.test(f));
    const folder = (file: string) => relative(src, file).split('/')[0].replace(/\.ts$/, '');
    const edges = new Map<string, Set<string>>();
    for (const f of files) {
      const path = resolve(src, f);
      for (const m of readFileSync(path, 'utf8').matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/gm)) {
        const [a, b] = [folder(path), folder(resolve(dirname(path), m[1]))];
        if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
      }
    }
    // Every folder that can reach itself again, with the path that does.
    const cycles: string[] = [];
    for (const start of edges.keys()) {
      const seen = new Set<string>();
      const walk = (at: string, path: string[]): void => {
        for (const next of edges.get(at) ?? []) {
          if (next === start) cycles.push([...path, next].join(' → '));
          else if (!seen.has(next)) {
            seen.add(next);
            walk(next, [...path, next]);
          }
        }
      };
      walk(start, [start]);
    }
    expect(cycles).toEqual([]);
  });

  it('knows every feature folder, so a new one cannot slip past the rule', () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !['core', 'bin'].includes(d.name))
      .map((d) => d.name);
    expect(folders.filter((f) => !features.includes(f))).toEqual([]);
  });

  it('holds for the whole backend source tree today', async () => {
    const results = await eslint.lintFiles(['backend/src/**/*.ts']);
    // Only the boundary rule is loaded here (the full lint runs the others), so a source file's
    // disable comment for another rule is not an error of this check.
    const foreignRule = /^Definition for rule '[^']+' was not found\.$/;
    const errors = results.flatMap((r) => r.messages.filter((m) => !foreignRule.test(m.message)).map((m) => `${r.filePath.slice(root.length + 1)}:${m.line} ${m.message}`));
    expect(errors).toEqual([]);
    // Parsing and resolving every file takes a while on a busy machine.
  }, 300_000);
});
