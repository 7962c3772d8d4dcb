import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/harness';
import { MessageEntity, MessageRole } from '../../agent/message.entity';
import { SessionEntity } from '../../agent/session.entity';
import { ContactEntity } from '../../leads/contact.entity';
import { LeadProfileEntity } from '../../leads/lead-profile.entity';
import { LeadEntity } from '../../leads/lead.entity';
import { LeadSource, Purpose } from '../../leads/lead.enums';
import { databaseOptions } from './database-options';
import { EntityReader } from './entity-reader';
import { SqlBatch } from './sql-batch';

/** The two helpers the agent's hot path writes its SQL with, against real PostgreSQL. */
describe('hand-written SQL on the hot path', () => {
  let db: DataSource;
  let leadId: string;

  beforeAll(async () => {
    db = await new DataSource(databaseOptions(await createTestDatabase(), 2)).initialize();
    const contact = await db.getRepository(ContactEntity).save({ name: 'Ana Silva', email: 'ana@example.org', emailNormalized: 'ana@example.org', timezone: 'Europe/Lisbon' });
    const lead = await db.getRepository(LeadEntity).save({ contactId: contact.id, source: LeadSource.Web, lastActivityAt: new Date('2026-11-20T10:00:00.123Z') });
    leadId = lead.id;
    await db.getRepository(LeadProfileEntity).save({ leadId, purpose: Purpose.Buy, budgetMax: 1_250_000, bathrooms: 1.5, locations: ['Kirkland', 'Bothell'], evidence: { budgetMax: { value: 1_250_000, messageId: null, confidence: 1, source: 'user', at: '2026-11-20T10:00:00.000Z' } } });
  });
  afterAll(() => db.destroy());

  describe('EntityReader', () => {
    it('reads a row into the same entity `findOne` returns: types, nulls, arrays, JSON and dates included', async () => {
      const leads = new EntityReader(db, LeadEntity, 'l');
      const profiles = new EntityReader(db, LeadProfileEntity, 'p');
      const [row] = await db.query<Record<string, unknown>[]>(`SELECT ${leads.columns}, ${profiles.columns} FROM leads l JOIN lead_profiles p ON p.lead_id = l.id WHERE l.id = $1`, [leadId]);
      const lead = leads.read(row);
      const profile = profiles.read(row);
      expect(lead).toBeInstanceOf(LeadEntity);
      expect(lead).toEqual(await db.getRepository(LeadEntity).findOneBy({ id: leadId }));
      expect(profile).toEqual(await db.getRepository(LeadProfileEntity).findOneBy({ leadId }));
      // bigint through the entity's transformer, real, text[], jsonb, timestamptz.
      expect(profile).toMatchObject({ budgetMax: 1_250_000, bathrooms: 1.5, locations: ['Kirkland', 'Bothell'], evidence: { budgetMax: { value: 1_250_000, source: 'user' } } });
      expect(lead?.lastActivityAt).toEqual(new Date('2026-11-20T10:00:00.123Z'));
    });

    it('reads an outer join that found nothing as null', async () => {
      const leads = new EntityReader(db, LeadEntity, 'l');
      const sessions = new EntityReader(db, SessionEntity, 's');
      const [row] = await db.query<Record<string, unknown>[]>(`SELECT ${leads.columns}, ${sessions.columns} FROM leads l LEFT JOIN sessions s ON s.lead_id = l.id WHERE l.id = $1`, [leadId]);
      expect(leads.read(row)?.id).toBe(leadId);
      expect(sessions.read(row)).toBeNull();
    });
  });

  describe('SqlBatch', () => {
    it('runs several writes as one statement, each with its own numbered values, one reading another', async () => {
      const session = await db.getRepository(SessionEntity).save({ leadId });
      const batch = new SqlBatch();
      const lead = batch.param(leadId);
      const added = batch.add(() => `INSERT INTO messages (id, session_id, lead_id, role, content) VALUES (${batch.param(randomUUID())}, ${batch.param(session.id)}, ${lead}, 'lead', ${batch.param('first')}) RETURNING created_at`);
      batch.add(() => `UPDATE sessions SET last_message_at = (SELECT created_at FROM ${added}) WHERE id = ${batch.param(session.id)}`);
      batch.add(() => `INSERT INTO messages (id, session_id, lead_id, role, content) VALUES (${batch.param(randomUUID())}, ${batch.param(session.id)}, ${lead}, 'lead', ${batch.param('second')})`);
      await db.transaction((tx) => batch.run(tx));
      const messages = await db.getRepository(MessageEntity).find({ where: { sessionId: session.id }, order: { content: 'ASC' } });
      expect(messages.map((m) => [m.role, m.content])).toEqual([
        [MessageRole.Lead, 'first'],
        [MessageRole.Lead, 'second'],
      ]);
      const reread = await db.getRepository(SessionEntity).findOneByOrFail({ id: session.id });
      expect(reread.lastMessageAt?.getTime()).toBe(messages.find((m) => m.content === 'first')!.createdAt.getTime());
    });

    it('is all or nothing: one failing write leaves none of the others', async () => {
      const session = await db.getRepository(SessionEntity).save({ leadId });
      const batch = new SqlBatch();
      batch.add(() => `INSERT INTO messages (id, session_id, lead_id, role, content) VALUES (${batch.param(randomUUID())}, ${batch.param(session.id)}, ${batch.param(leadId)}, 'lead', 'kept?')`);
      batch.add(() => `INSERT INTO messages (id, session_id, lead_id, role, content) VALUES (${batch.param(randomUUID())}, ${batch.param(session.id)}, ${batch.param(randomUUID())}, 'lead', 'no such lead')`);
      await expect(db.transaction((tx) => batch.run(tx))).rejects.toThrow(/foreign key/);
      expect(await db.getRepository(MessageEntity).countBy({ sessionId: session.id })).toBe(0);
    });
  });
});
