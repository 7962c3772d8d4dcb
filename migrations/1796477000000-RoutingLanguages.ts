import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Routing by language, and admins warned when routing leaves a lead with no agent (issue 16 point 5).
 * `contacts.language`: the BCP-47 primary tag a lead speaks ("es"), set at every way in through
 * `normalizeLanguage`; `routing_rules.languages`: a rule's language condition. The notification
 * trigger gains one branch: an `assigned` timeline entry that put a lead in the pond because no rule
 * took it or its rule had no agent with room notifies every active admin (kind `routing_no_agent`),
 * once until they read it.
 */
export class RoutingLanguages1796477000000 implements MigrationInterface {
    name = 'RoutingLanguages1796477000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "contacts" ADD "language" character varying(8)`);
        await queryRunner.query(`ALTER TABLE "routing_rules" ADD "languages" jsonb NOT NULL DEFAULT '[]'`);
        // The trigger below names the new value only at run time (after this migration commits).
        await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'routing_no_agent'`);
        await queryRunner.query(String.raw`CREATE OR REPLACE FUNCTION notifications_from_activity() RETURNS trigger LANGUAGE plpgsql AS $$
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
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(String.raw`CREATE OR REPLACE FUNCTION notifications_from_activity() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE u record; txt text;
            BEGIN
              -- Only well-formed ids: a stray value in an entry's data must never fail the assignment itself.
              IF NEW.type = 'assigned' AND NEW.data->>'to' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
                PERFORM notify_user((NEW.data->>'to')::uuid, 'lead_assigned', NEW.lead_id, NEW.actor_id, '');
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
        await queryRunner.query(`DELETE FROM "notifications" WHERE "kind" = 'routing_no_agent'`);
        await queryRunner.query(`ALTER TYPE "public"."notification_kind" RENAME TO "notification_kind_old"`);
        await queryRunner.query(`CREATE TYPE "public"."notification_kind" AS ENUM('lead_assigned', 'new_message', 'mentioned', 'sla_warning', 'sla_breached')`);
        await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "kind" TYPE "public"."notification_kind" USING "kind"::"text"::"public"."notification_kind"`);
        await queryRunner.query(`ALTER TABLE "notification_settings" ALTER COLUMN "muted_kinds" DROP DEFAULT`);
        await queryRunner.query(`ALTER TABLE "notification_settings" ALTER COLUMN "muted_kinds" TYPE "public"."notification_kind"[] USING "muted_kinds"::"text"[]::"public"."notification_kind"[]`);
        await queryRunner.query(`ALTER TABLE "notification_settings" ALTER COLUMN "muted_kinds" SET DEFAULT '{}'`);
        await queryRunner.query(`DROP TYPE "public"."notification_kind_old" CASCADE`);
        await queryRunner.query(`ALTER TABLE "routing_rules" DROP COLUMN "languages"`);
        await queryRunner.query(`ALTER TABLE "contacts" DROP COLUMN "language"`);
    }
}
