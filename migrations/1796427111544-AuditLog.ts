import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The audit log (issue 15 point 7). Append-only in the database itself: a trigger refuses UPDATE
 * and DELETE (and TRUNCATE) for every role, the app's included, so a bug or a stolen app
 * credential cannot rewrite history. Removing the trigger takes a migration, which is reviewed.
 */
export class AuditLog1796427111544 implements MigrationInterface {
    name = 'AuditLog1796427111544'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "action" character varying(40) NOT NULL, "actor_id" uuid, "actor_label" character varying(254), "api_key_id" uuid, "target_type" character varying(40), "target_id" character varying(100), "ip" character varying(64), "user_agent" character varying(300), "request_id" character varying(64), "changes" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_audit_log_actor_at" ON "audit_log"  ("actor_id", "at") `);
        await queryRunner.query(`CREATE INDEX "idx_audit_log_action_at" ON "audit_log"  ("action", "at") `);
        await queryRunner.query(`CREATE INDEX "idx_audit_log_at" ON "audit_log"  ("at") `);
        await queryRunner.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
        await queryRunner.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER audit_log_no_truncate ON "audit_log"`);
        await queryRunner.query(`DROP TRIGGER audit_log_no_update_delete ON "audit_log"`);
        await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
        await queryRunner.query(`DROP INDEX "public"."idx_audit_log_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_audit_log_action_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_audit_log_actor_at"`);
        await queryRunner.query(`DROP TABLE "audit_log"`);
    }

}
