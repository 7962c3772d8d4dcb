import { MigrationInterface, QueryRunner } from "typeorm";

export class Outbox1796411814074 implements MigrationInterface {
    name = 'Outbox1796411814074'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox_messages" ("id" uuid NOT NULL, "lead_id" uuid NOT NULL, "idempotency_key" character varying(200) NOT NULL, "channel" character varying(12) NOT NULL, "kind" character varying(12) NOT NULL, "origin" character varying(12) NOT NULL, "recipient" character varying(254) NOT NULL, "payload" jsonb NOT NULL, "message_id" uuid, "author_id" uuid, "status" character varying(12) NOT NULL DEFAULT 'queued', "not_before" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "claimed_at" TIMESTAMP WITH TIME ZONE, "external_id" character varying(200), "error_code" character varying(40), "error_title" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbox_idempotency_key" ON "outbox_messages"  ("idempotency_key") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbox_external_id" ON "outbox_messages"  ("external_id") WHERE external_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_outbox_lead" ON "outbox_messages"  ("lead_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_outbox_due" ON "outbox_messages"  ("status", "not_before") `);
        await queryRunner.query(`ALTER TYPE "public"."activity_type" ADD VALUE 'send_decision'`);
        await queryRunner.query(`ALTER TYPE "public"."activity_type" ADD VALUE 'delivery_failed'`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD CONSTRAINT "FK_590bc9fa76ec95bd0290ebf5370" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP CONSTRAINT "FK_590bc9fa76ec95bd0290ebf5370"`);
        await queryRunner.query(`CREATE TYPE "public"."activity_type_old" AS ENUM('lead_created', 'lead_updated', 'message', 'note', 'stage_changed', 'assigned', 'score_changed', 'qualified', 'profile_updated', 'task_created', 'task_completed', 'viewing', 'webhook', 'merged', 'agent_tool', 'opted_out', 'handover')`);
        await queryRunner.query(`ALTER TABLE "activities" ALTER COLUMN "type" TYPE "public"."activity_type_old" USING "type"::"text"::"public"."activity_type_old"`);
        await queryRunner.query(`DROP TYPE "public"."activity_type"`);
        await queryRunner.query(`ALTER TYPE "public"."activity_type_old" RENAME TO "activity_type"`);
        await queryRunner.query(`DROP INDEX "public"."idx_outbox_due"`);
        await queryRunner.query(`DROP INDEX "public"."idx_outbox_lead"`);
        await queryRunner.query(`DROP INDEX "public"."uq_outbox_external_id"`);
        await queryRunner.query(`DROP INDEX "public"."uq_outbox_idempotency_key"`);
        await queryRunner.query(`DROP TABLE "outbox_messages"`);
    }

}
