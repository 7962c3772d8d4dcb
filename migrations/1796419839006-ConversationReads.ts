import { MigrationInterface, QueryRunner } from "typeorm";


/** The Conversations page: read marks per person and conversation, the list's index, and the notifications that keep open pages live. */
export class ConversationReads1796419839006 implements MigrationInterface {
    name = 'ConversationReads1796419839006'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "conversation_reads" ("session_id" uuid NOT NULL, "user_id" uuid NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c7f54050a27368270e15c5df234" PRIMARY KEY ("session_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_sessions_last_message" ON "sessions"  ("last_message_at", "id") `);
        await queryRunner.query(`ALTER TABLE "conversation_reads" ADD CONSTRAINT "FK_c025796b14f144c06ae18f268ed" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "conversation_reads" ADD CONSTRAINT "FK_624a8ae9effca740379bff2bcd6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Live Conversations pages (agent/conversation-feed.ts): every write to a conversation, by any
        // process or code path, notifies the API processes, once per conversation and transaction
        // (PostgreSQL folds identical notifications of one transaction into one, delivered at commit).
        await queryRunner.query(`CREATE FUNCTION notify_conversation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE sid uuid; lid uuid;
            BEGIN
              IF TG_TABLE_NAME = 'sessions' THEN sid := NEW.id; lid := NEW.lead_id;
              ELSIF TG_TABLE_NAME = 'messages' THEN sid := NEW.session_id; lid := NEW.lead_id;
              ELSE sid := NEW.session_id; SELECT s.lead_id INTO lid FROM sessions s WHERE s.id = NEW.session_id;
              END IF;
              PERFORM pg_notify('conversation_changed', json_build_object('sessionId', sid, 'leadId', lid, 'assigneeId', (SELECT l.assignee_id FROM leads l WHERE l.id = lid))::text);
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER trg_messages_conversation_changed AFTER INSERT OR UPDATE OF delivery_status ON messages FOR EACH ROW EXECUTE FUNCTION notify_conversation_changed()`);
        await queryRunner.query(`CREATE TRIGGER trg_sessions_conversation_changed AFTER UPDATE OF mode, held_by_id ON sessions FOR EACH ROW EXECUTE FUNCTION notify_conversation_changed()`);
        await queryRunner.query(`CREATE TRIGGER trg_reads_conversation_changed AFTER INSERT OR UPDATE ON conversation_reads FOR EACH ROW EXECUTE FUNCTION notify_conversation_changed()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER trg_reads_conversation_changed ON conversation_reads`);
        await queryRunner.query(`DROP TRIGGER trg_sessions_conversation_changed ON sessions`);
        await queryRunner.query(`DROP TRIGGER trg_messages_conversation_changed ON messages`);
        await queryRunner.query(`DROP FUNCTION notify_conversation_changed()`);
        await queryRunner.query(`ALTER TABLE "conversation_reads" DROP CONSTRAINT "FK_624a8ae9effca740379bff2bcd6"`);
        await queryRunner.query(`ALTER TABLE "conversation_reads" DROP CONSTRAINT "FK_c025796b14f144c06ae18f268ed"`);
        await queryRunner.query(`DROP INDEX "public"."idx_sessions_last_message"`);
        await queryRunner.query(`DROP TABLE "conversation_reads"`);
    }

}
