import { createTestApp, login, TestApp } from './harness';
import { ChatRequestBody, FakeOpenAiChat, parseSse, ScriptedReply, startFakeOpenAiChat } from '../bench/fake-openai-chat';

type Ev = { event: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON

const UNITS = [
  { ref: 'FH-1', title: 'Seattle craftsman with a garden', city: 'Seattle', area: 'Ballard', price: 850000, bedrooms: 3, bathrooms: 2, type: 'house', features: ['garden'] },
  { ref: 'FH-2', title: 'Bellevue family house', city: 'Bellevue', area: 'Crossroads', price: 1100000, bedrooms: 3, bathrooms: 2.5, type: 'house', features: ['garage'] },
  { ref: 'FH-3', title: 'White Center rambler', city: 'Seattle', area: 'White Center', price: 640000, bedrooms: 3, bathrooms: 1.5, type: 'house', features: ['single level'] },
];

const DECLINED = /fair[- ]housing/i;

/** Fair housing in a conversation, through the real HTTP API: what the lead is told, what is recorded, what is searched. */
describe('Fair housing in conversations', () => {
  let t: TestApp;
  let admin: string;

  const turnOn = (app: () => TestApp) => async (sessionId: string, message: string): Promise<Ev[]> => {
    const res = await app().request({ method: 'POST', url: '/api/agent/turn', token: admin, body: { sessionId, message } });
    expect(res.status).toBe(200);
    return parseSse(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
  };
  const text = (evs: Ev[]) => evs.filter((e) => e.event === 'token').map((e) => e.data.delta).join('');
  const calls = (evs: Ev[]) => evs.filter((e) => e.event === 'tool_call').map((e) => e.data.name as string);
  const searched = (evs: Ev[]) => evs.filter((e) => e.event === 'tool_result' && e.data.name === 'inventory_search' && e.data.ok);

  describe('local provider', () => {
    beforeAll(async () => {
      t = await createTestApp();
      admin = await login(t);
      for (const u of UNITS) expect((await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { description: `${u.title}.`, purpose: 'sale', ...u } })).status).toBe(201);
    });
    afterAll(() => t.close());

    const newSession = async () => (await t.request({ method: 'POST', url: '/api/agent/session', token: admin, body: {} })).body as { sessionId: string; leadId: string };
    const turn = turnOn(() => t);
    const lead = async (id: string) => (await t.request({ method: 'GET', url: `/api/leads/${id}`, token: admin })).body;

    it('declines "predominantly white suburbs": names fair housing, offers neutral criteria, records no such place and searches nothing', async () => {
      const { sessionId, leadId } = await newSession();
      const evs = await turn(sessionId, 'Properties for sale in predominantly white suburbs in Seattle');
      const reply = text(evs);
      expect(reply).toMatch(DECLINED);
      expect(reply).toMatch(/commute/i);
      expect(reply).toMatch(/published ratings/i);
      expect(calls(evs)).not.toContain('inventory_search');
      const detail = await lead(leadId);
      // The legitimate part of the request is kept; the steering part is nowhere in the profile.
      expect(detail.profile.locations).toEqual(['Seattle']);
      expect(JSON.stringify(detail.profile)).not.toMatch(/white|predominantly|suburb/i);
      // The timeline says what happened in a broker's words.
      const entries = detail.timeline.map((a: { summary: string }) => a.summary);
      expect(entries).toContain('Declined a request to choose homes by who lives there (fair housing)');
    });

    it('answers a loan question tied to a religious group neutrally, offers a lender, and records no financing', async () => {
      const { sessionId, leadId } = await newSession();
      const evs = await turn(sessionId, 'Which mortgage would suit a religious group like ours best?');
      const reply = text(evs);
      expect(reply).toMatch(/don't depend on religion/i);
      expect(reply).toMatch(/refer you to one of the lenders/i);
      expect(reply).not.toMatch(DECLINED);
      const detail = await lead(leadId);
      expect(detail.profile.financing).toBeNull();
      expect(detail.timeline.map((a: { summary: string }) => a.summary)).toContain('Answered a loan question tied to a protected group neutrally (fair lending) and offered a lender referral');
    });

    it('keeps the legitimate criteria of a mixed message but never the steering part, and does not search on it', async () => {
      const { sessionId, leadId } = await newSession();
      const evs = await turn(sessionId, 'Buy a 3 bedroom house in Bellevue up to $1.2M, but away from Muslim families');
      expect(text(evs)).toMatch(DECLINED);
      expect(calls(evs)).not.toContain('inventory_search');
      const profile = (await lead(leadId)).profile;
      expect(profile).toMatchObject({ purpose: 'buy', bedrooms: 3, locations: ['Bellevue'], budgetMax: 1_200_000 });
      expect(JSON.stringify(profile)).not.toMatch(/muslim|famil/i);
      // The next message, free of steering, searches on what was kept.
      const next = await turn(sessionId, 'ok, show me what you have');
      expect(text(next)).not.toMatch(DECLINED);
      expect(searched(next)).toHaveLength(1);
    });

    it('declines choosing where to live by whether families with children live there, in a negated form', async () => {
      const { sessionId, leadId } = await newSession();
      const evs = await turn(sessionId, "I'd like a 2 bedroom condo in Seattle, somewhere not too many families with kids around");
      expect(text(evs)).toMatch(DECLINED);
      expect(calls(evs)).not.toContain('inventory_search');
      expect(JSON.stringify((await lead(leadId)).profile)).not.toMatch(/kid/i);
    });

    it('does not decline a lead describing their own needs, a place name with a colour word, or a place of worship nearby', async () => {
      const { sessionId, leadId } = await newSession();
      const evs = await turn(sessionId, 'We have two kids and I use a wheelchair: a 3 bedroom house to buy in White Center near our church, up to $700k');
      expect(text(evs)).not.toMatch(DECLINED);
      expect(searched(evs)).toHaveLength(1);
      expect((await lead(leadId)).profile.locations).toEqual(['White Center']);
    });

    it('declines a steering question asked after homes were shown, and shows or books nothing on it', async () => {
      const { sessionId } = await newSession();
      await turn(sessionId, 'I want to buy a 3 bedroom house in Seattle up to $900k');
      const evs = await turn(sessionId, 'Which of those is in a neighbourhood where most residents are Asian?');
      expect(text(evs)).toMatch(DECLINED);
      expect(calls(evs)).not.toContain('inventory_search');
      expect(calls(evs)).not.toContain('schedule_viewing');
    });
  });

  describe('OpenAI-compatible provider (local stand-in server)', () => {
    let fake: FakeOpenAiChat;
    const lastUser = (req: ChatRequestBody) => [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const toolResults = (req: ChatRequestBody) => req.messages.slice(req.messages.map((m) => m.role).lastIndexOf('user') + 1).filter((m) => m.role === 'tool');

    /** A careless model: records whatever it read, searches on it, and never mentions fair housing. */
    const careless = (req: ChatRequestBody): ScriptedReply => {
      const said = lastUser(req);
      const done = toolResults(req).length;
      if (said.includes('white suburbs')) {
        if (done === 0) return { toolCalls: [{ name: 'update_lead_profile', args: { facts: [{ field: 'purpose', value: 'buy', quote: 'for sale', confidence: 0.9 }, { field: 'locations', value: ['Predominantly White', 'Seattle'], quote: 'predominantly white suburbs in Seattle', confidence: 0.9 }] } }] };
        if (done === 1) return { toolCalls: [{ name: 'inventory_search', args: { purpose: 'buy', locations: ['Predominantly White'] } }] };
        return { text: 'Here are some homes for you.' };
      }
      if (said.includes('loan')) {
        if (done === 0) return { toolCalls: [{ name: 'update_lead_profile', args: { facts: [{ field: 'financing', value: 'mortgage_needed', quote: 'loan', confidence: 0.8 }] } }] };
        return { text: 'A loan is a good idea.' };
      }
      return { text: 'Noted.' };
    };

    beforeAll(async () => {
      fake = await startFakeOpenAiChat(careless);
      t = await createTestApp({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, AGENT_PROVIDER: 'openai', OPENAI_MODEL: 'gpt-test' });
      admin = await login(t);
      for (const u of UNITS) expect((await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { description: `${u.title}.`, purpose: 'sale', ...u } })).status).toBe(201);
    });
    afterAll(async () => {
      await t.close();
      await fake.close();
    });

    const newSession = async () => (await t.request({ method: 'POST', url: '/api/agent/session', token: admin, body: {} })).body as { sessionId: string; leadId: string };
    const turn = turnOn(() => t);

    it('the model is not offered the search, cannot record the steering place, and the lead is told about fair housing', async () => {
      const { sessionId, leadId } = await newSession();
      const before = fake.requests.length;
      const evs = await turn(sessionId, 'Properties for sale in predominantly white suburbs in Seattle');
      expect(text(evs)).toMatch(DECLINED);
      // Not offered the search tool on this message…
      for (const req of fake.requests.slice(before)) expect(req.tools?.map((x) => x.function.name)).not.toContain('inventory_search');
      // …and a call it makes anyway searches nothing.
      expect(searched(evs)).toHaveLength(0);
      const recorded = evs.find((e) => e.event === 'tool_result' && e.data.name === 'update_lead_profile')!.data;
      expect(recorded.data.refused.map((r: { field: string }) => r.field)).toContain('locations');
      const detail = (await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body;
      expect(detail.profile.locations).toEqual([]);
      expect(detail.profile.purpose).toBe('buy');
      expect(JSON.stringify(detail.profile)).not.toMatch(/white/i);
    });

    it('a loan question tied to a religious group: the neutral answer whatever the model says, and no financing recorded', async () => {
      const { sessionId, leadId } = await newSession();
      const evs = await turn(sessionId, 'Which loan suits a religious group like ours?');
      expect(text(evs)).toMatch(/don't depend on religion/i);
      expect(text(evs)).toMatch(/lenders we work with/i);
      const detail = (await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body;
      expect(detail.profile.financing).toBeNull();
    });
  });
});
