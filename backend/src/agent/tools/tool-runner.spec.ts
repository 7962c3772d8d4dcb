import { contractFacts } from '../llm-provider.contract';
import { TurnState } from '../turn-state';
import { IsOptional, IsString } from 'class-validator';
import { CreateTaskTool } from './create-task.tool';
import { HandoffToHumanTool } from './handoff-to-human.tool';
import { NormalizeBudgetTool } from './normalize-budget.tool';
import { ToolRunner } from './tool-runner';
import { UpdateLeadProfileTool } from './update-lead-profile.tool';

class BrokenArgs {
  @IsOptional()
  @IsString()
  q?: string;
}

const MESSAGE = 'I want to buy a 3 bedroom condo in Ballard, between 600 and 750k. Reach me at dana@example.com';
const EARLIER = '0a0b0c0d-1111-4222-8333-444455556666';

function setup(onError = jest.fn()) {
  const facts = contractFacts(MESSAGE);
  const state = new TurnState('lead-1', 'session-1', facts, new Map([[facts.message.id, MESSAGE], [EARLIER, 'we have a dog']]));
  const runner = new ToolRunner([new NormalizeBudgetTool(), new UpdateLeadProfileTool(), new CreateTaskTool(), new HandoffToHumanTool(), { spec: { name: 'broken', description: '', parameters: {} }, argsType: BrokenArgs, run: () => Promise.reject(new Error('search is down')) }], onError);
  return { state, runner, onError };
}
const call = (name: string, args: unknown) => ({ id: `c-${name}`, name, args });

describe('tools', () => {
  it('normalize_budget reads ranges, currencies and periods', async () => {
    const { state, runner } = setup();
    expect(await runner.run(call('normalize_budget', { text: 'between 600 and 750k' }), state)).toMatchObject({ ok: true, data: { min: 600000, max: 750000, currency: 'USD', period: 'total' } });
    expect(await runner.run(call('normalize_budget', { text: '$3,500/month' }), state)).toMatchObject({ ok: true, data: { min: 3500, max: 3500, period: 'month' } });
    expect(await runner.run(call('normalize_budget', { text: 'AED 2 million' }), state)).toMatchObject({ ok: true, data: { max: 2000000, currency: 'AED' } });
    expect(await runner.run(call('normalize_budget', { text: 'three bedrooms' }), state)).toMatchObject({ ok: false, data: null });
  });

  it('update_lead_profile records facts with their evidence, into the working profile only', async () => {
    const { state, runner } = setup();
    const r = await runner.run(call('update_lead_profile', { facts: [{ field: 'bedrooms', value: 3, quote: '3 bedroom', confidence: 0.9 }, { field: 'locations', value: ['Ballard'], quote: 'Ballard', confidence: 0.8 }, { field: 'pets', value: true, quote: 'we have a dog', confidence: 0.9, messageId: EARLIER }, { field: 'email', value: 'dana@example.com', quote: 'dana@example.com', confidence: 0.95 }] }), state);
    expect(r).toMatchObject({ ok: true, data: { recorded: ['bedrooms', 'locations', 'pets', 'email'], refused: [] } });
    expect(state.facts.profile).toMatchObject({ bedrooms: 3, locations: ['Ballard'], pets: true });
    expect(state.profileChanges.get('bedrooms')?.evidence).toEqual({ messageId: state.facts.message.id, quote: '3 bedroom', confidence: 0.9 });
    expect(state.profileChanges.get('pets')?.evidence.messageId).toBe(EARLIER);
    expect(state.contactChanges.get('email')?.value).toBe('dana@example.com');
  });

  it('update_lead_profile refuses facts it cannot trace or that do not fit the field', async () => {
    const { state, runner } = setup();
    const r = await runner.run(
      call('update_lead_profile', {
        facts: [
          { field: 'bedrooms', value: 4, quote: '4 bedrooms', confidence: 0.9 },
          { field: 'bedrooms', value: 3, quote: '3 bedroom', confidence: 0.9, messageId: '99999999-1111-4222-8333-444455556666' },
          { field: 'purpose', value: 'steal', quote: 'buy', confidence: 0.9 },
          { field: 'bedrooms', value: 99, quote: '3 bedroom', confidence: 0.9 },
          { field: 'phone', value: 'not a phone', quote: 'Reach me', confidence: 0.9 },
        ],
      }),
      state,
    );
    expect(r.ok).toBe(false);
    expect((r.data as { refused: { field: string; reason: string }[] }).refused.map((x) => x.reason)).toEqual([
      'quote is not in the message',
      'messageId is not a message of this lead',
      expect.stringMatching(/purpose must be one of/),
      expect.stringMatching(/bedrooms must not be greater than 20/),
      'not a phone number',
    ]);
    expect(state.profileChanges.size).toBe(0);
    expect(state.facts.profile.bedrooms).toBeNull();
  });

  it('update_lead_profile keeps the budget consistent: a minimum above the maximum is refused', async () => {
    const { state, runner } = setup();
    const r = await runner.run(call('update_lead_profile', { facts: [{ field: 'budgetMin', value: 750000, quote: '750k', confidence: 0.9 }, { field: 'budgetMax', value: 600000, quote: '600', confidence: 0.9 }] }), state);
    expect(r.ok).toBe(false);
    expect(state.profileChanges.size).toBe(0);
    expect(state.facts.profile).toMatchObject({ budgetMin: null, budgetMax: null });
  });

  it('refuses arguments that are not an object, unknown tools and unknown fields (no lead can be named)', async () => {
    const { state, runner } = setup();
    expect(await runner.run(call('normalize_budget', '{"text": "800k"'), state)).toMatchObject({ ok: false, summary: 'Arguments must be a JSON object' });
    expect(await runner.run(call('delete_everything', {}), state)).toMatchObject({ ok: false, summary: 'Unknown tool delete_everything' });
    const r = await runner.run(call('update_lead_profile', { leadId: 'other', facts: [{ field: 'bedrooms', value: 3, quote: '3 bedroom', confidence: 0.9 }] }), state);
    expect(r).toMatchObject({ ok: false, summary: expect.stringMatching(/property leadId should not exist/) });
    expect(state.profileChanges.size).toBe(0);
  });

  it('create_task dates are read in the lead\'s time zone; handoff_to_human marks the turn', async () => {
    const { state, runner } = setup();
    expect(await runner.run(call('create_task', { title: 'Call Dana back', dueDate: '2026-11-27', dueTime: '10:00' }), state)).toMatchObject({ ok: true, data: { dueAt: '2026-11-27T18:00:00.000Z' } });
    expect(await runner.run(call('create_task', { title: 'x', dueTime: '10:00' }), state)).toMatchObject({ ok: false });
    expect(await runner.run(call('create_task', { title: 'x', dueDate: '27/11/2026' }), state)).toMatchObject({ ok: false, summary: expect.stringMatching(/dueDate must be YYYY-MM-DD/) });
    expect(await runner.run(call('handoff_to_human', { reason: 'asks about commission' }), state)).toMatchObject({ ok: true });
    expect(state.handoff).toEqual({ reason: 'asks about commission' });
    expect(state.facts.turn.handedOff).toBe(true);
  });

  it('a tool that throws is a failed call, not a failed turn', async () => {
    const { state, runner, onError } = setup();
    expect(await runner.run(call('broken', {}), state)).toEqual({ ok: false, summary: 'broken is not available right now', data: null });
    expect(onError).toHaveBeenCalledWith('broken', expect.any(Error));
  });
});
