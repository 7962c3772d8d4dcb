import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
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

  it('knows every feature folder, so a new one cannot slip past the rule', () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !['core', 'bin'].includes(d.name))
      .map((d) => d.name);
    expect(folders.filter((f) => !features.includes(f))).toEqual([]);
  });

  it('holds for the whole backend source tree today', async () => {
    const results = await eslint.lintFiles(['backend/src/**/*.ts']);
    const errors = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(root.length + 1)}:${m.line} ${m.message}`));
    expect(errors).toEqual([]);
    // Parsing and resolving every file takes a while on a busy machine.
  }, 300_000);
});
