import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { UsersService } from '../users/users.service';
import { insertGeneratedLeads, insertListings, readListingsFile } from './lead-loader';
import { SeedRepository } from './seed.repository';

export const DEMO_AGENTS = [
  { email: 'maria.lopez@openhouse.local', name: 'Maria Lopez' },
  { email: 'james.chen@openhouse.local', name: 'James Chen' },
  { email: 'aisha.okafor@openhouse.local', name: 'Aisha Okafor' },
];

export interface AdminResult {
  email: string;
  /** Set only when the password was generated now: print it once. */
  generatedPassword?: string;
  created: boolean;
}

@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    private readonly seed: SeedRepository,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  /** The first admin from ADMIN_EMAIL / ADMIN_PASSWORD; a password is generated when none is set. */
  async ensureAdmin(): Promise<AdminResult> {
    const email = this.config.env.ADMIN_EMAIL.toLowerCase();
    const generated = this.config.env.ADMIN_PASSWORD ? undefined : randomBytes(9).toString('base64url');
    const created = await this.users.ensureAdmin(email, this.config.env.ADMIN_PASSWORD ?? (generated as string));
    return { email, created, generatedPassword: created ? generated : undefined };
  }

  /** Demo agents share the given password, so a newcomer can sign in as one. */
  async ensureDemoAgents(password: string): Promise<string[]> {
    const ids: string[] = [];
    for (const a of DEMO_AGENTS) {
      ids.push(await this.users.ensureAgent(a, password));
    }
    return ids;
  }

  /** Loads all King County listings when the inventory is empty. */
  async seedUnits(): Promise<number> {
    if ((await this.seed.count('units')) > 0) return 0;
    const listings = readListingsFile();
    await insertListings(this.seed, listings);
    return listings.length;
  }

  /** Generated demo leads (deterministic from `seedNumber`) when there are none yet. */
  async seedLeads(count: number, seedNumber: number, agentIds: string[], force = false): Promise<number> {
    if (!force && (await this.seed.count('leads')) > 0) return 0;
    await insertGeneratedLeads(this.seed, { count, seed: seedNumber, agentIds, listings: readListingsFile(), now: new Date() });
    return count;
  }

  /** Everything `npm start` needs on first run. Safe to call on every start: it only fills what is empty. */
  async seedDemo(): Promise<{ admin: AdminResult; units: number; leads: number }> {
    const admin = await this.ensureAdmin();
    if (!this.config.env.SEED_DEMO) return { admin, units: 0, leads: 0 };
    const units = await this.seedUnits();
    let leads = 0;
    if ((await this.seed.count('leads')) === 0 && this.config.env.SEED_LEADS > 0) {
      const agentIds = await this.ensureDemoAgents(this.config.env.ADMIN_PASSWORD ?? admin.generatedPassword ?? randomBytes(9).toString('base64url'));
      leads = await this.seedLeads(this.config.env.SEED_LEADS, 42, agentIds);
    }
    if (units || leads) {
      await this.seed.analyze();
      this.logger.log(`Seeded ${units} units and ${leads} leads`);
    }
    return { admin, units, leads };
  }
}
