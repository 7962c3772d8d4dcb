import { MigrationInterface, QueryRunner } from "typeorm";

export class AgentSessions1795686197505 implements MigrationInterface {
    name = 'AgentSessions1795686197505'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."session_mode" AS ENUM('ai', 'human')`);
        await queryRunner.query(`CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "channel" character varying(20) NOT NULL DEFAULT 'web', "mode" "public"."session_mode" NOT NULL DEFAULT 'ai', "held_by_id" uuid, "turn_started_at" TIMESTAMP WITH TIME ZONE, "last_message_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_sessions_lead" ON "sessions"  ("lead_id", "created_at") `);
        await queryRunner.query(`CREATE TYPE "public"."message_role" AS ENUM('lead', 'assistant', 'human', 'tool')`);
        await queryRunner.query(`CREATE TYPE "public"."message_status" AS ENUM('delivered', 'failed')`);
        await queryRunner.query(`CREATE TABLE "messages" ("id" uuid NOT NULL, "session_id" uuid NOT NULL, "lead_id" uuid NOT NULL, "role" "public"."message_role" NOT NULL, "content" text NOT NULL DEFAULT '', "tool_calls" jsonb, "tool_call_id" character varying(100), "tool_name" character varying(50), "data" jsonb, "status" "public"."message_status" NOT NULL DEFAULT 'delivered', "author_id" uuid, "model" character varying(80), "prompt_tokens" integer, "completion_tokens" integer, "cached_tokens" integer, "cost_usd" numeric(12,6), "latency_ms" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_messages_lead" ON "messages"  ("lead_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_messages_session" ON "messages"  ("session_id", "created_at") `);
        await queryRunner.query(`CREATE TYPE "public"."viewing_status" AS ENUM('booked', 'cancelled', 'done')`);
        await queryRunner.query(`CREATE TABLE "viewings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "timezone" character varying(64) NOT NULL, "status" "public"."viewing_status" NOT NULL DEFAULT 'booked', "booked_by" character varying(40) NOT NULL DEFAULT 'ai', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d14eda3049c16b1dca12f63a63e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_viewings_unit_slot" ON "viewings"  ("unit_id", "starts_at") WHERE status = 'booked'`);
        await queryRunner.query(`CREATE INDEX "idx_viewings_lead" ON "viewings"  ("lead_id", "starts_at") `);
        await queryRunner.query(`ALTER TYPE "public"."activity_type" ADD VALUE 'agent_tool'`);
        await queryRunner.query(`ALTER TYPE "public"."activity_type" ADD VALUE 'opted_out'`);
        await queryRunner.query(`ALTER TYPE "public"."activity_type" ADD VALUE 'handover'`);
        await queryRunner.query(`ALTER TABLE "sessions" ADD CONSTRAINT "FK_e5c74c78f69edf237206c8a02e1" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "sessions" ADD CONSTRAINT "FK_b3f729eaf277ced3fd5dba9d5d2" FOREIGN KEY ("held_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "messages" ADD CONSTRAINT "FK_ff71b7760071ed9caba7f02beb4" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "messages" ADD CONSTRAINT "FK_5cba80c8f9b3fa687a0dff75736" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "viewings" ADD CONSTRAINT "FK_a5ebd93ed31a383375fef39531d" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "viewings" ADD CONSTRAINT "FK_44efa80bd54853c8f2ef7b64f42" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "viewings" DROP CONSTRAINT "FK_44efa80bd54853c8f2ef7b64f42"`);
        await queryRunner.query(`ALTER TABLE "viewings" DROP CONSTRAINT "FK_a5ebd93ed31a383375fef39531d"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_5cba80c8f9b3fa687a0dff75736"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_ff71b7760071ed9caba7f02beb4"`);
        await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_b3f729eaf277ced3fd5dba9d5d2"`);
        await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_e5c74c78f69edf237206c8a02e1"`);
        await queryRunner.query(`CREATE TYPE "public"."activity_type_old" AS ENUM('lead_created', 'lead_updated', 'message', 'note', 'stage_changed', 'assigned', 'score_changed', 'qualified', 'profile_updated', 'task_created', 'task_completed', 'viewing', 'webhook', 'merged')`);
        await queryRunner.query(`ALTER TABLE "activities" ALTER COLUMN "type" TYPE "public"."activity_type_old" USING "type"::"text"::"public"."activity_type_old"`);
        await queryRunner.query(`DROP TYPE "public"."activity_type"`);
        await queryRunner.query(`ALTER TYPE "public"."activity_type_old" RENAME TO "activity_type"`);
        await queryRunner.query(`DROP INDEX "public"."idx_viewings_lead"`);
        await queryRunner.query(`DROP INDEX "public"."uq_viewings_unit_slot"`);
        await queryRunner.query(`DROP TABLE "viewings"`);
        await queryRunner.query(`DROP TYPE "public"."viewing_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_messages_session"`);
        await queryRunner.query(`DROP INDEX "public"."idx_messages_lead"`);
        await queryRunner.query(`DROP TABLE "messages"`);
        await queryRunner.query(`DROP TYPE "public"."message_status"`);
        await queryRunner.query(`DROP TYPE "public"."message_role"`);
        await queryRunner.query(`DROP INDEX "public"."idx_sessions_lead"`);
        await queryRunner.query(`DROP TABLE "sessions"`);
        await queryRunner.query(`DROP TYPE "public"."session_mode"`);
    }

}
