import { AppConfig } from '../core/config/app-config';
import { validateEnv } from '../core/config/env';
import { screenFairHousing } from '../compliance/fair-housing';
import type { LeadSendContext } from './messaging.repository';
import { SendPolicy, SendIntent } from './send-policy';

const policy = (env: Record<string, string> = {}) => new SendPolicy({ env: validateEnv(env) } as AppConfig, { protectedCharacteristicIn: (text) => (screenFairHousing(text).verdict === 'steering' ? screenFairHousing(text).classes.join(', ') : null) });
const lead = (over: Partial<LeadSendContext> = {}): LeadSendContext => ({
  leadId: 'l1',
  name: 'Dana Buyer',
  assigneeId: null,
  optedOutAt: null,
  timezone: 'America/Los_Angeles',
  whatsappId: '12065550100',
  phoneE164: '+12065550100',
  email: null,
  lastWhatsAppInboundAt: null,
  lastInboundAt: null,
  automatedLastDay: 0,
  ...over,
});
const assistant: SendIntent = { channel: 'whatsapp', kind: 'text', origin: 'assistant', text: 'Here are three new homes for you' };
const person: SendIntent = { ...assistant, origin: 'person' };
// 22:30 in Seattle (PST, UTC-8) on 4 Dec 2026.
const lateEvening = new Date('2026-12-05T06:30:00Z');
const hoursAgo = (h: number, from = lateEvening) => new Date(from.getTime() - h * 3600_000);

describe('SendPolicy (the send-policy gate)', () => {
  it('holds an automated message during quiet hours in the lead’s time zone until they end', () => {
    const d = policy().decide(lead({ lastWhatsAppInboundAt: hoursAgo(3), lastInboundAt: hoursAgo(3) }), assistant, lateEvening);
    expect(d).toMatchObject({ verdict: 'hold', rule: 'quiet_hours', inputs: expect.objectContaining({ leadLocalTime: '22:30', timezone: 'America/Los_Angeles' }) });
    expect(d.notBefore?.toISOString()).toBe('2026-12-05T16:00:00.000Z'); // 08:00 in Seattle
    expect(d.reason).toMatch(/Held until 08:00/);
  });

  it('the same moment is not quiet for a lead in another time zone', () => {
    // 22:30 in Seattle is 07:30 next day in Berlin, before 08:00; 15:30 in Tokyo.
    expect(policy().decide(lead({ timezone: 'Asia/Tokyo', lastWhatsAppInboundAt: hoursAgo(3), lastInboundAt: hoursAgo(3) }), assistant, lateEvening).verdict).toBe('allow');
  });

  it('a reply to a message the lead sent minutes ago is a conversation: not held', () => {
    const d = policy().decide(lead({ lastWhatsAppInboundAt: hoursAgo(0.05), lastInboundAt: hoursAgo(0.05) }), assistant, lateEvening);
    expect(d).toMatchObject({ verdict: 'allow', rule: 'ok' });
  });

  it('a person during quiet hours is refused without a reason and allowed with one (recorded)', () => {
    const l = lead({ lastWhatsAppInboundAt: hoursAgo(3), lastInboundAt: hoursAgo(3) });
    expect(policy().decide(l, person, lateEvening)).toMatchObject({ verdict: 'deny', rule: 'quiet_hours' });
    expect(policy().decide(l, { ...person, overrideReason: 'Offer deadline is tonight' }, lateEvening)).toMatchObject({ verdict: 'allow', rule: 'quiet_hours_override', inputs: expect.objectContaining({ overrideReason: 'Offer deadline is tonight' }) });
  });

  it('a viewing confirmation a person’s booking produced waits out quiet hours instead of being refused', () => {
    const l = lead({ lastWhatsAppInboundAt: hoursAgo(3), lastInboundAt: hoursAgo(3), automatedLastDay: 99 });
    const d = policy().decide(l, { ...person, waitsOutQuietHours: true }, lateEvening);
    expect(d).toMatchObject({ verdict: 'hold', rule: 'quiet_hours' });
    expect(d.notBefore?.toISOString()).toBe('2026-12-05T16:00:00.000Z');
  });

  it('QUIET_HOURS is configurable', () => {
    const l = lead({ lastWhatsAppInboundAt: hoursAgo(3), lastInboundAt: hoursAgo(3) });
    expect(policy({ QUIET_HOURS: '23:00-07:00' }).decide(l, assistant, lateEvening).verdict).toBe('allow');
  });

  it('caps unprompted automated messages per lead; a person and a reply are not capped', () => {
    const noon = new Date('2026-12-04T20:00:00Z');
    const l = lead({ automatedLastDay: 3, lastWhatsAppInboundAt: hoursAgo(5, noon), lastInboundAt: hoursAgo(5, noon) });
    expect(policy().decide(l, assistant, noon)).toMatchObject({ verdict: 'deny', rule: 'frequency_cap' });
    expect(policy().decide(l, person, noon).verdict).toBe('allow');
    expect(policy().decide({ ...l, lastInboundAt: hoursAgo(0.1, noon) }, assistant, noon).verdict).toBe('allow');
    expect(policy({ AUTOMATED_MESSAGES_PER_DAY: '5' }).decide(l, assistant, noon).verdict).toBe('allow');
  });

  it('opted out beats everything; the 24-hour window allows templates only', () => {
    const noon = new Date('2026-12-04T20:00:00Z');
    expect(policy().decide(lead({ optedOutAt: new Date(), lastWhatsAppInboundAt: hoursAgo(0.01, noon), lastInboundAt: hoursAgo(0.01, noon) }), person, noon)).toMatchObject({ verdict: 'deny', rule: 'opted_out' });
    const stale = lead({ lastWhatsAppInboundAt: hoursAgo(25, noon), lastInboundAt: hoursAgo(25, noon) });
    expect(policy().decide(stale, person, noon)).toMatchObject({ verdict: 'deny', rule: 'whatsapp_window' });
    expect(policy().decide(stale, { ...person, kind: 'template', text: 'Hi Dana, this is Lena.' }, noon).verdict).toBe('allow');
  });
});
