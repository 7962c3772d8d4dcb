import { MigrationInterface, QueryRunner } from "typeorm";

export class WebhookInbox1796408007384 implements MigrationInterface {
    name = 'WebhookInbox1796408007384'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider" character varying(30) NOT NULL, "raw_body" bytea NOT NULL, "event_count" integer NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_webhook_deliveries_provider_received" ON "webhook_deliveries"  ("provider", "received_at") `);
        await queryRunner.query(`CREATE TABLE "webhook_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "provider" character varying(30) NOT NULL, "kind" character varying(40) NOT NULL, "external_id" character varying(300) NOT NULL, "delivery_id" uuid NOT NULL, "payload" jsonb NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'received', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "lead_id" uuid, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4cba37e6a0acb5e1fc49c34ebfd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_webhook_events_seq" ON "webhook_events"  ("seq") `);
        await queryRunner.query(`CREATE INDEX "idx_webhook_events_status" ON "webhook_events"  ("status", "received_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_webhook_events_provider_external" ON "webhook_events"  ("provider", "external_id") `);
        await queryRunner.query(`ALTER TABLE "messages" ADD "external_id" character varying(200)`);
        await queryRunner.query(`ALTER TABLE "messages" ADD "delivery_status" character varying(12)`);
        await queryRunner.query(`ALTER TABLE "messages" ADD "delivery_updated_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "messages" ADD "delivery_errors" jsonb`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_messages_external_id" ON "messages"  ("external_id") WHERE external_id IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_messages_external_id"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "delivery_errors"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "delivery_updated_at"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "delivery_status"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "external_id"`);
        await queryRunner.query(`DROP INDEX "public"."uq_webhook_events_provider_external"`);
        await queryRunner.query(`DROP INDEX "public"."idx_webhook_events_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_webhook_events_seq"`);
        await queryRunner.query(`DROP TABLE "webhook_events"`);
        await queryRunner.query(`DROP INDEX "public"."idx_webhook_deliveries_provider_received"`);
        await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    }

}
