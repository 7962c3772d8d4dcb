import type { CalendarPush } from './calendar-push';
import type { InviteEvent } from './viewing-invite';

/** What a calendar looks like from outside, for the contract: the event of a viewing, or null. */
export interface CalendarProbe {
  event(viewingId: string): Promise<{ summary: string; start: string; end: string; status: string } | null>;
}

const EVENT: InviteEvent = {
  viewingId: '3f0c2a9e-8d1b-4c7e-9a55-0b1d2e3f4a5b',
  sequence: 0,
  startsAt: new Date('2030-03-08T17:00:00Z'),
  endsAt: new Date('2030-03-08T17:45:00Z'),
  cancelled: false,
  unitTitle: 'Craftsman bungalow',
  address: '4512 Fremont Ave N, Fremont, Seattle',
  lead: { name: 'Lena Lead', email: 'lena@example.com' },
  agent: { name: 'Ivy Agent', email: 'ivy@example.com' },
  organizer: { name: 'Openhouse', email: 'hello@openhouse.example' },
};

/** The behaviour every CalendarPush adapter must show (run against each adapter with its calendar). */
export function calendarPushContract(name: string, setup: () => { push: CalendarPush; probe: CalendarProbe; failing: CalendarPush }): void {
  describe(`CalendarPush contract: ${name}`, () => {
    it('creates the event of a booked viewing', async () => {
      const { push, probe } = setup();
      await push.upsert(EVENT);
      expect(await probe.event(EVENT.viewingId)).toEqual({ summary: 'Viewing: Craftsman bungalow', start: '2030-03-08T17:00:00.000Z', end: '2030-03-08T17:45:00.000Z', status: 'confirmed' });
    });

    it('a second push of the same viewing updates it (a move, or a retry), never duplicates', async () => {
      const { push, probe } = setup();
      await push.upsert({ ...EVENT, sequence: 1, startsAt: new Date('2030-03-09T18:00:00Z'), endsAt: new Date('2030-03-09T18:45:00Z') });
      await push.upsert({ ...EVENT, sequence: 1, startsAt: new Date('2030-03-09T18:00:00Z'), endsAt: new Date('2030-03-09T18:45:00Z') });
      expect(await probe.event(EVENT.viewingId)).toMatchObject({ start: '2030-03-09T18:00:00.000Z', status: 'confirmed' });
    });

    it('removes the event of a cancelled viewing; removing again, or one never pushed, is fine', async () => {
      const { push, probe } = setup();
      await push.remove(EVENT.viewingId);
      expect((await probe.event(EVENT.viewingId))?.status ?? 'cancelled').toBe('cancelled');
      await push.remove(EVENT.viewingId);
      await push.remove('00000000-0000-4000-8000-000000000000');
    });

    it('a refused credential is an error, not a silent success', async () => {
      const { failing } = setup();
      await expect(failing.upsert(EVENT)).rejects.toThrow(/401/);
    });
  });
}
