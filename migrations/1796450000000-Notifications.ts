import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The notification centre. Rows are written by triggers on the tables other features write, so
 * every path is covered (board, lead page, API, routing, imports, webhooks, the assistant) and no
 * feature calls this one: a lead assigned (an `assigned` timeline entry, or `lead_created` with an
 * assignee) notifies the assignee unless they did it themselves; an inbound message notifies the
 * lead's assignee; a note mentioning "@Full Name" or "@emaillocalpart" notifies that person. A
 * person's muted kinds are skipped. Each insert NOTIFYs its owner's open streams at commit.
 * Visibility is applied when reading (the one access rule in lead-access.ts), not here.
 */
export class Notifications1796450000000 implements MigrationInterface {
    name = 'Notifications1796450000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."notification_kind" AS ENUM('lead_assigned', 'new_message', 'mentioned', 'sla_warning', 'sla_breached')`);
        await queryRunner.query(`CREATE TABLE "notification_settings" ("user_id" uuid NOT NULL, "muted_kinds" "public"."notification_kind" array NOT NULL DEFAULT '{}', CONSTRAINT "PK_91a7ffebe8b406c4470845d4781" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" "public"."notification_kind" NOT NULL, "lead_id" uuid, "actor_id" uuid, "excerpt" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_notifications_user_created" ON "notifications"  ("user_id", "created_at", "id") `);
        await queryRunner.query(`ALTER TABLE "notification_settings" ADD CONSTRAINT "FK_91a7ffebe8b406c4470845d4781" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_cceedd22c5bf1ff1b2fb9a4b17c" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(String.raw`CREATE FUNCTION notify_user(target uuid, k notification_kind, lid uuid, actor uuid, body text) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
              IF target IS NULL OR target IS NOT DISTINCT FROM actor THEN RETURN; END IF;
              IF EXISTS (SELECT 1 FROM notification_settings s WHERE s.user_id = target AND k = ANY (s.muted_kinds)) THEN RETURN; END IF;
              IF NOT EXISTS (SELECT 1 FROM users u WHERE u.id = target AND u.active) THEN RETURN; END IF;
              -- A new lead's creation and its automatic assignment are two entries of one transaction: one notification.
              IF k = 'lead_assigned' AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = target AND n.lead_id = lid AND n.kind = k AND n.created_at >= now()) THEN RETURN; END IF;
              INSERT INTO notifications (user_id, kind, lead_id, actor_id, excerpt) VALUES (target, k, lid, actor, left(coalesce(body, ''), 200));
            END $$`);
        await queryRunner.query(String.raw`CREATE FUNCTION notifications_from_activity() RETURNS trigger LANGUAGE plpgsql AS $$
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
        await queryRunner.query(`CREATE TRIGGER trg_activities_notifications AFTER INSERT ON activities FOR EACH ROW WHEN (NEW.type IN ('assigned', 'lead_created', 'note')) EXECUTE FUNCTION notifications_from_activity()`);
        await queryRunner.query(`CREATE FUNCTION notifications_from_message() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM notify_user((SELECT l.assignee_id FROM leads l WHERE l.id = NEW.lead_id), 'new_message', NEW.lead_id, NULL, NEW.content);
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER trg_messages_notifications AFTER INSERT ON messages FOR EACH ROW WHEN (NEW.role = 'lead') EXECUTE FUNCTION notifications_from_message()`);
        await queryRunner.query(`CREATE FUNCTION notification_created() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_notify('notification_created', json_build_object('id', NEW.id, 'userId', NEW.user_id)::text); RETURN NULL; END $$`);
        await queryRunner.query(`CREATE TRIGGER trg_notifications_created AFTER INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION notification_created()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER trg_notifications_created ON notifications`);
        await queryRunner.query(`DROP FUNCTION notification_created()`);
        await queryRunner.query(`DROP TRIGGER trg_messages_notifications ON messages`);
        await queryRunner.query(`DROP FUNCTION notifications_from_message()`);
        await queryRunner.query(`DROP TRIGGER trg_activities_notifications ON activities`);
        await queryRunner.query(`DROP FUNCTION notifications_from_activity()`);
        await queryRunner.query(`DROP FUNCTION notify_user(uuid, notification_kind, uuid, uuid, text)`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_cceedd22c5bf1ff1b2fb9a4b17c"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"`);
        await queryRunner.query(`ALTER TABLE "notification_settings" DROP CONSTRAINT "FK_91a7ffebe8b406c4470845d4781"`);
        await queryRunner.query(`DROP INDEX "public"."idx_notifications_user_created"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP TABLE "notification_settings"`);
        await queryRunner.query(`DROP TYPE "public"."notification_kind"`);
    }

}
