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

export interface DemoAgent {
  id: string;
  email: string;
  name: string;
  /** Set only when the agent was created now: print it once. */
  generatedPassword?: string;
}

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

  /**
   * The demo agents, each with a password of its own, generated and returned once when the agent
   * is created (the caller prints it); never the admin's.
   */
  async ensureDemoAgents(): Promise<DemoAgent[]> {
    const agents: DemoAgent[] = [];
    for (const a of DEMO_AGENTS) {
      const { id, generatedPassword } = await this.users.ensureAgent(a);
      agents.push({ id, email: a.email, name: a.name, ...(generatedPassword ? { generatedPassword } : {}) });
    }
    return agents;
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
  async seedDemo(): Promise<{ admin: AdminResult; units: number; leads: number; agents: DemoAgent[] }> {
    const admin = await this.ensureAdmin();
    if (!this.config.env.SEED_DEMO) return { admin, units: 0, leads: 0, agents: [] };
    const units = await this.seedUnits();
    let leads = 0;
    let agents: DemoAgent[] = [];
    if ((await this.seed.count('leads')) === 0 && this.config.env.SEED_LEADS > 0) {
      agents = await this.ensureDemoAgents();
      leads = await this.seedLeads(this.config.env.SEED_LEADS, 42, agents.map((a) => a.id));
    }
    if (units || leads) {
      await this.seed.analyze();
      this.logger.log(`Seeded ${units} units and ${leads} leads`);
    }
    return { admin, units, leads, agents };
  }
}
