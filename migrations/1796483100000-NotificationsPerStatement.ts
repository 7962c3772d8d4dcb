import { MigrationInterface, QueryRunner } from "typeorm";

const UUID = "'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'";

/**
 * The notifications a timeline entry raises, once per INSERT statement instead of once per row
 * (issue 15: an import's 1,000-row batch of entries paid ~100 ms in the per-row trigger). The
 * trigger reads the statement's new entries as a transition table and writes each kind of
 * notification with one set-wise INSERT that keeps the per-row rules exactly:
 * - lead_assigned (an 'assigned' entry naming an agent, or 'lead_created' with an assignee): one per
 *   agent and lead, from the first entry of the statement that qualifies (its actor), and none when
 *   the transaction already notified that agent of that lead;
 * - routing_no_agent (an 'assigned' entry that left the lead in the pond with no agent): each active
 *   admin without an unread one gets one, for the first such entry of the statement not made by them;
 * - mentioned (a note with '@'): rare, so the per-row loop as it was, in the statement's order.
 * notify_user's rules (not the actor, not muted, active) apply to each.
 */
export class NotificationsPerStatement1796483100000 implements MigrationInterface {
    name = 'NotificationsPerStatement1796483100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER trg_activities_notifications ON activities`);
        await queryRunner.query(`DROP FUNCTION notifications_from_activity()`);
        await queryRunner.query(String.raw`CREATE FUNCTION notifications_from_activities() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE note record; person record; txt text;
            BEGIN
              -- lead_assigned: per agent and lead, the statement's first qualifying entry (n: insertion order).
              INSERT INTO notifications (user_id, kind, lead_id, actor_id, excerpt)
              SELECT DISTINCT ON (c.target, c.lead_id) c.target, 'lead_assigned', c.lead_id, c.actor_id, ''
                FROM (SELECT e.n, e.lead_id, e.actor_id,
                             -- Only well-formed ids: a stray value in an entry's data must never fail the assignment itself.
                             CASE WHEN e.type = 'assigned' AND e.data->>'to' ~* ${UUID} THEN (e.data->>'to')::uuid
                                  WHEN e.type = 'lead_created' AND e.data->>'assigneeId' ~* ${UUID} THEN (e.data->>'assigneeId')::uuid END AS target
                        FROM (SELECT a.*, row_number() OVER () AS n FROM new_entries a) e) c
               WHERE c.target IS NOT NULL AND c.target IS DISTINCT FROM c.actor_id
                 AND NOT EXISTS (SELECT 1 FROM notification_settings s WHERE s.user_id = c.target AND 'lead_assigned' = ANY (s.muted_kinds))
                 AND EXISTS (SELECT 1 FROM users u WHERE u.id = c.target AND u.active)
                 -- A new lead's creation and its automatic assignment are two entries of one transaction: one notification.
                 AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = c.target AND n.lead_id = c.lead_id AND n.kind = 'lead_assigned' AND n.created_at >= now())
               ORDER BY c.target, c.lead_id, c.n;
              -- routing_no_agent: routing left a lead with no agent (no rule takes it, or its rule's agents are all
              -- inactive or full); every active admin is warned, once until they read it (a busy hour is one warning, not a hundred).
              INSERT INTO notifications (user_id, kind, lead_id, actor_id, excerpt)
              SELECT DISTINCT ON (u.id) u.id, 'routing_no_agent', p.lead_id, p.actor_id, left(coalesce(p.summary, ''), 200)
                FROM users u
                JOIN (SELECT e.n, e.lead_id, e.actor_id, e.summary
                        FROM (SELECT a.*, row_number() OVER () AS n FROM new_entries a) e
                       WHERE e.type = 'assigned' AND (e.data->>'to' ~* ${UUID}) IS NOT TRUE
                         AND e.data->>'pond' = 'true' AND (e.data->>'noAgentAvailable' = 'true' OR e.data->>'ruleId' IS NULL)) p
                  ON p.actor_id IS DISTINCT FROM u.id
               WHERE u.active AND u.role = 'admin'
                 AND NOT EXISTS (SELECT 1 FROM notification_settings s WHERE s.user_id = u.id AND 'routing_no_agent' = ANY (s.muted_kinds))
                 AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.kind = 'routing_no_agent' AND n.read_at IS NULL)
               ORDER BY u.id, p.n;
              -- mentioned: a note naming someone with '@' (rare): entry by entry, in the statement's order.
              FOR note IN SELECT e.lead_id, e.actor_id, e.summary FROM (SELECT a.*, row_number() OVER () AS n FROM new_entries a) e
                        WHERE e.type = 'note' AND strpos(e.summary, '@') > 0 ORDER BY e.n LOOP
                txt := lower(note.summary);
                FOR person IN SELECT id, lower(name) AS name, lower(split_part(email, '@', 1)) AS local FROM users WHERE active LOOP
                  IF (length(person.name) > 0 AND strpos(txt, '@' || person.name) > 0
                        AND substr(txt, strpos(txt, '@' || person.name) + length(person.name) + 1, 1) !~ '[[:alnum:]]')
                     OR txt ~ ('(^|[^[:alnum:]_.-])@' || regexp_replace(person.local, '([^[:alnum:]])', '\\\1', 'g') || '($|[^[:alnum:]_.@-]|\.($|\s))') THEN
                    PERFORM notify_user(person.id, 'mentioned', note.lead_id, note.actor_id, note.summary);
                  END IF;
                END LOOP;
              END LOOP;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER trg_activities_notifications AFTER INSERT ON activities REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION notifications_from_activities()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER trg_activities_notifications ON activities`);
        await queryRunner.query(`DROP FUNCTION notifications_from_activities()`);
        await queryRunner.query(String.raw`CREATE FUNCTION notifications_from_activity() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE u record; txt text;
            BEGIN
              -- Only well-formed ids: a stray value in an entry's data must never fail the assignment itself.
              IF NEW.type = 'assigned' AND NEW.data->>'to' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
                PERFORM notify_user((NEW.data->>'to')::uuid, 'lead_assigned', NEW.lead_id, NEW.actor_id, '');
              ELSIF NEW.type = 'assigned' AND NEW.data->>'pond' = 'true' AND (NEW.data->>'noAgentAvailable' = 'true' OR NEW.data->>'ruleId' IS NULL) THEN
                -- Routing left a lead with no agent (no rule takes it, or its rule's agents are all inactive or full):
                -- every active admin is warned, once until they read it (a busy hour is one warning, not a hundred).
                FOR u IN SELECT id FROM users WHERE active AND role = 'admin' LOOP
                  IF NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.kind = 'routing_no_agent' AND n.read_at IS NULL) THEN
                    PERFORM notify_user(u.id, 'routing_no_agent', NEW.lead_id, NEW.actor_id, NEW.summary);
                  END IF;
                END LOOP;
              ELSIF NEW.type = 'lead_created' AND NEW.data->>'assigneeId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
                PERFORM notify_user((NEW.data->>'assigneeId')::uuid, 'lead_assigned', NEW.lead_id, NEW.actor_id, '');
              ELSIF NEW.type = 'note' AND strpos(NEW.summary, '@') > 0 THEN
                txt := lower(NEW.summary);
                FOR u IN SELECT id, lower(name) AS name, lower(split_part(email, '@', 1)) AS local FROM users WHERE active LOOP
                  IF (length(u.name) > 0 AND strpos(txt, '@' || u.name) > 0
                        AND substr(txt, strpos(txt, '@' || u.name) + length(u.name) + 1, 1) !~ '[[:alnum:]]')
                     OR txt ~ ('(^|[^[:alnum:]_.-])@' || regexp_replace(u.local, '([^[:alnum:]])', '\\\1', 'g') || '($|[^[:alnum:]_.@-]|\.($|\s))') THEN
                    PERFORM notify_user(u.id, 'mentioned', NEW.lead_id, NEW.actor_id, NEW.summary);
                  END IF;
                END LOOP;
              END IF;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER trg_activities_notifications AFTER INSERT ON activities FOR EACH ROW WHEN (NEW.type IN ('assigned', 'lead_created', 'note')) EXECUTE FUNCTION notifications_from_activity()`);
    }
}
