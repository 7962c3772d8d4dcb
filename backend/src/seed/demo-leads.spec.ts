import { UnitType } from '../inventory/unit.enums';
import { ActivityType, LeadSource, LeadStage, Purpose } from '../leads/lead.enums';
import { GeneratedLead, GenerateLeadsOptions, generateLeads, iterateLeads } from './demo-leads';
import { KING_COUNTY_NEIGHBOURHOODS } from './king-county-areas';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const OPTS: GenerateLeadsOptions = {
  agentIds: ['agent-a', 'agent-b', 'agent-c', 'agent-d'],
  now: NOW,
  cities: ['Seattle', 'Bellevue', 'Kirkland', 'Redmond', 'Renton'],
};
const FUNNEL = [LeadStage.New, LeadStage.Contacted, LeadStage.Qualified, LeadStage.Viewing, LeadStage.Offer, LeadStage.Won];

describe('generateLeads', () => {
  const leads = generateLeads(5000, 7, OPTS);
  const share = (pred: (l: GeneratedLead) => boolean): number => leads.filter(pred).length / leads.length;

  it('returns the requested number of leads', () => {
    expect(leads).toHaveLength(5000);
    expect(generateLeads(0, 7, OPTS)).toEqual([]);
    expect(() => generateLeads(-1, 7, OPTS)).toThrow(RangeError);
    expect(() => generateLeads(1.5, 7, OPTS)).toThrow(RangeError);
  });

  it('is deterministic: same seed, same output; different seed, different output', () => {
    expect(generateLeads(300, 7, OPTS)).toEqual(generateLeads(300, 7, OPTS));
    const other = generateLeads(300, 8, OPTS);
    expect(other).not.toEqual(generateLeads(300, 7, OPTS));
    expect(other.filter((l, i) => l.contact.name === leads[i].contact.name).length).toBeLessThan(30);
  });

  it('makes a smaller run a prefix of a larger one with the same seed', () => {
    expect(generateLeads(120, 7, OPTS)).toEqual(leads.slice(0, 120));
  });

  it('never calls Math.random or Date.now', () => {
    const random = jest.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    const dateNow = jest.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now called');
    });
    try {
      expect(generateLeads(200, 3, OPTS)).toHaveLength(200);
    } finally {
      random.mockRestore();
      dateNow.mockRestore();
    }
  });

  it('uses only example.com / example.org emails and fictional 555-01xx phones', () => {
    const emails = leads.map((l) => l.contact.email).filter((e): e is string => e !== null);
    for (const e of emails) expect(e).toMatch(/^[a-z]+\.[a-z]+\d+@example\.(com|org)$/);
    expect(new Set(emails).size).toBe(emails.length);
    for (const l of leads) {
      expect(l.contact.email !== null || l.contact.phone !== null).toBe(true);
      expect(l.contact.timezone).toBe('America/Los_Angeles');
      if (l.contact.phone !== null) expect(l.contact.phone).toMatch(/^(\(\d{3}\) 555-01\d\d|\d{3}-555-01\d\d|\+1 \d{3} 555 01\d\d)$/);
    }
    const digits = leads.slice(0, 2000).flatMap((l) => (l.contact.phone === null ? [] : [l.contact.phone.replace(/\D/g, '').slice(-10)]));
    expect(new Set(digits).size).toBe(digits.length);
    const early = leads.slice(0, 200).flatMap((l) => (l.contact.phone === null ? [] : [l.contact.phone.replace(/\D/g, '').slice(-10, -7)]));
    expect(early.filter((code) => ['206', '425', '253', '360'].includes(code)).length / early.length).toBeGreaterThan(0.5);
  });

  it('dates everything inside the 180 days before now, in order', () => {
    const now = NOW.getTime();
    // Collected rather than asserted one by one: 5,000 leads × dozens of expects is slow and the
    // first failure alone says little.
    const problems: string[] = [];
    leads.forEach(({ lead, activities, tasks }, i) => {
      const created = lead.createdAt.getTime();
      if (created < now - 180 * DAY || created > now) problems.push(`${i}: createdAt out of window`);
      if (activities[0].type !== ActivityType.LeadCreated || activities[0].createdAt.getTime() !== created) problems.push(`${i}: first activity is not lead_created at createdAt`);
      let prev = created;
      for (const a of activities) {
        if (a.createdAt.getTime() < prev) problems.push(`${i}: activities out of order`);
        prev = a.createdAt.getTime();
      }
      if (prev > now) problems.push(`${i}: activity after now`);
      if (lead.lastActivityAt.getTime() !== prev) problems.push(`${i}: lastActivityAt is not the newest activity`);
      for (const t of tasks) {
        const at = t.createdAt.getTime();
        if (at < created || at > now) problems.push(`${i}: task created outside [createdAt, now]`);
        if (t.dueAt !== null && t.dueAt.getTime() < at) problems.push(`${i}: task due before it was created`);
        if (t.completedAt !== null && (t.completedAt.getTime() < at || t.completedAt.getTime() > now)) problems.push(`${i}: task completed outside [createdAt, now]`);
      }
    });
    expect(problems).toEqual([]);
    // Spread over the whole window, not bunched.
    expect(share((l) => l.lead.createdAt.getTime() > now - 90 * DAY)).toBeGreaterThan(0.4);
    expect(share((l) => l.lead.createdAt.getTime() > now - 90 * DAY)).toBeLessThan(0.6);
  });

  it('keeps stage, first response, SLA and timeline consistent', () => {
    for (const { lead, activities } of leads) {
      const changes = activities.filter((a) => a.type === ActivityType.StageChanged).map((a) => a.data as { from: LeadStage; to: LeadStage });
      if (lead.stage === LeadStage.New) {
        expect(lead.firstResponseAt).toBeNull();
        expect(lead.slaDueAt).not.toBeNull();
        expect(lead.slaDueAt!.getTime()).toBeGreaterThan(lead.createdAt.getTime());
        expect(changes).toEqual([]);
        continue;
      }
      expect(lead.firstResponseAt).not.toBeNull();
      expect(lead.slaDueAt).toBeNull();
      expect(lead.firstResponseAt!.getTime()).toBeGreaterThan(lead.createdAt.getTime());
      const firstOut = activities.find((a) => a.direction === 'outbound');
      expect(firstOut?.createdAt).toEqual(lead.firstResponseAt);

      // A chain of single steps down the funnel from 'new', ending at the lead's stage.
      expect(changes[0].from).toBe(LeadStage.New);
      expect(changes[changes.length - 1].to).toBe(lead.stage);
      for (let i = 0; i < changes.length; i++) {
        if (i > 0) expect(changes[i].from).toBe(changes[i - 1].to);
        if (changes[i].to !== LeadStage.Lost) expect(FUNNEL.indexOf(changes[i].to)).toBe(FUNNEL.indexOf(changes[i].from) + 1);
      }
    }
  });

  it('has a realistic funnel: fresh leads are new, old ones have resolved', () => {
    for (const stage of Object.values(LeadStage)) expect(share((l) => l.lead.stage === stage)).toBeGreaterThan(0.02);
    const now = NOW.getTime();
    const fresh = leads.filter((l) => now - l.lead.createdAt.getTime() < DAY);
    const old = leads.filter((l) => now - l.lead.createdAt.getTime() > 60 * DAY);
    const frac = (ls: GeneratedLead[], stages: LeadStage[]): number => ls.filter((l) => stages.includes(l.lead.stage)).length / ls.length;
    expect(frac(fresh, [LeadStage.New])).toBeGreaterThan(0.4);
    expect(frac(old, [LeadStage.New])).toBeLessThan(0.1);
    expect(frac(old, [LeadStage.Won, LeadStage.Lost])).toBeGreaterThan(0.3);
  });

  it('uses every source, weighted towards online ones', () => {
    // Partner integrations and the website chat exist only once an admin sets them up: the demo has none.
    const seeded = Object.values(LeadSource).filter((s) => s !== LeadSource.Partner && s !== LeadSource.Widget);
    for (const source of seeded) expect(share((l) => l.lead.source === source)).toBeGreaterThan(0.01);
    expect(share((l) => [LeadSource.Web, LeadSource.MetaLeadAds, LeadSource.Portal].includes(l.lead.source))).toBeGreaterThan(0.5);
    for (const { lead } of leads) {
      if (lead.source === LeadSource.MetaLeadAds) expect(lead.sourceRef).toMatch(/^\d{16}$/);
      if (lead.source === LeadSource.WhatsApp) expect(lead.sourceRef).toMatch(/^wamid\./);
      if (lead.source === LeadSource.Phone || lead.source === LeadSource.WalkIn) expect(lead.sourceRef).toBeNull();
    }
  });

  it('leaves about a quarter unassigned and records assignments with real agent ids', () => {
    const unassigned = share((l) => l.lead.assigneeIndex === null);
    expect(unassigned).toBeGreaterThan(0.18);
    expect(unassigned).toBeLessThan(0.32);
    for (const { lead, activities } of leads) {
      const assigned = activities.filter((a) => a.type === ActivityType.Assigned);
      if (lead.assigneeIndex === null) {
        expect(assigned).toEqual([]);
        expect(activities.every((a) => a.actorIndex === null)).toBe(true);
      } else {
        expect(lead.assigneeIndex).toBeGreaterThanOrEqual(0);
        expect(lead.assigneeIndex).toBeLessThan(OPTS.agentIds.length);
        expect(assigned).toHaveLength(1);
        expect(assigned[0].data).toEqual({ assigneeId: OPTS.agentIds[lead.assigneeIndex] });
        if (lead.firstResponseAt !== null) expect(assigned[0].createdAt.getTime()).toBeLessThanOrEqual(lead.firstResponseAt.getTime());
      }
    }
    expect(generateLeads(200, 7, { ...OPTS, agentIds: [] }).every((l) => l.lead.assigneeIndex === null)).toBe(true);
  });

  it('keeps budgets in realistic ranges with min <= max', () => {
    for (const { profile } of leads) {
      expect(profile.currency).toBe('USD');
      if (profile.purpose === null) {
        expect(profile.budgetMin).toBeNull();
        expect(profile.budgetMax).toBeNull();
        continue;
      }
      const [lo, hi] = profile.purpose === Purpose.Buy ? [300_000, 2_500_000] : [1_500, 6_000];
      for (const v of [profile.budgetMin, profile.budgetMax]) {
        if (v === null) continue;
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
      }
      if (profile.budgetMin !== null) {
        expect(profile.budgetMax).not.toBeNull();
        expect(profile.budgetMin).toBeLessThanOrEqual(profile.budgetMax!);
      }
    }
    expect(share((l) => l.profile.purpose === Purpose.Buy)).toBeGreaterThan(share((l) => l.profile.purpose === Purpose.Rent));
    expect(share((l) => l.profile.purpose === Purpose.Rent)).toBeGreaterThan(0.1);
  });

  it('fills profiles with valid values, knowing more further down the funnel', () => {
    const places = new Set([...OPTS.cities, ...KING_COUNTY_NEIGHBOURHOODS]);
    const unitTypes = new Set<string>(Object.values(UnitType));
    for (const { profile } of leads) {
      for (const p of profile.locations) expect(places.has(p)).toBe(true);
      for (const t of profile.propertyTypes) expect(unitTypes.has(t)).toBe(true);
      expect(new Set(profile.locations).size).toBe(profile.locations.length);
      if (profile.purpose !== Purpose.Buy) expect(profile.financing).toBeNull();
      if (profile.purpose !== Purpose.Rent) expect(profile.furnished).toBeNull();
    }
    const known = (l: GeneratedLead): number => {
      const p = l.profile;
      return [p.purpose, p.budgetMax, p.bedrooms, p.bathrooms, p.timeline].filter((v) => v !== null).length + (p.locations.length > 0 ? 1 : 0) + (p.propertyTypes.length > 0 ? 1 : 0);
    };
    const mean = (stage: LeadStage): number => {
      const ls = leads.filter((l) => l.lead.stage === stage);
      return ls.reduce((sum, l) => sum + known(l), 0) / ls.length;
    };
    expect(mean(LeadStage.New)).toBeLessThan(mean(LeadStage.Contacted));
    expect(mean(LeadStage.Contacted)).toBeLessThan(mean(LeadStage.Viewing));
    expect(share((l) => l.profile.locations.some((p) => OPTS.cities.includes(p)))).toBeGreaterThan(0.2);
    expect(share((l) => l.profile.locations.some((p) => KING_COUNTY_NEIGHBOURHOODS.includes(p)))).toBeGreaterThan(0.2);
  });

  it('writes message activities both ways with text, and tasks for the open work', () => {
    const messages = leads.flatMap((l) => l.activities.filter((a) => a.type === ActivityType.Message));
    expect(messages.some((m) => m.direction === 'inbound')).toBe(true);
    expect(messages.some((m) => m.direction === 'outbound')).toBe(true);
    for (const m of messages) expect(m.summary.length).toBeGreaterThan(5);
    for (const { lead, tasks } of leads) {
      if (lead.stage === LeadStage.New) expect(tasks.some((t) => t.completedAt === null && t.dueAt?.getTime() === lead.slaDueAt?.getTime())).toBe(true);
    }
    expect(share((l) => l.tasks.some((t) => t.completedAt !== null))).toBeGreaterThan(0.2);
  });

  it('streams the same leads through iterateLeads', () => {
    expect([...iterateLeads(150, 7, OPTS)]).toEqual(leads.slice(0, 150));
    expect(() => iterateLeads(-1, 7, OPTS)).toThrow(RangeError);
  });
});
