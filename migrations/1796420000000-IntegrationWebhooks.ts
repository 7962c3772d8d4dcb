import { MigrationInterface, QueryRunner } from "typeorm";

export class IntegrationWebhooks1796420000000 implements MigrationInterface {
    name = 'IntegrationWebhooks1796420000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "integration_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(40) NOT NULL, "lead_id" uuid, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "fanned_out_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a2d1c976c11f47866a9e4273192" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_integration_events_pending" ON "integration_events"  ("occurred_at") WHERE fanned_out_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "integration_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "url" character varying(2000) NOT NULL, "events" character varying(40) array NOT NULL, "secret" character varying(100) NOT NULL, "allow_private" boolean NOT NULL DEFAULT false, "enabled" boolean NOT NULL DEFAULT true, "consecutive_failures" integer NOT NULL DEFAULT '0', "failing_since" TIMESTAMP WITH TIME ZONE, "disabled_at" TIMESTAMP WITH TIME ZONE, "disabled_reason" character varying(300), "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dbf38051d3738eaf3db63f211e7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "integration_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE, "last_status_code" integer, "last_error" character varying(500), "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_integration_deliveries_event_subscription" UNIQUE ("event_id", "subscription_id"), CONSTRAINT "PK_d8ccb7a6e471cdb4ec5a3972ed6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_integration_deliveries_open" ON "integration_deliveries"  ("status", "updated_at") WHERE status IN ('pending', 'sending', 'retrying')`);
        await queryRunner.query(`CREATE INDEX "idx_integration_deliveries_subscription" ON "integration_deliveries"  ("subscription_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "integration_delivery_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delivery_id" uuid NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "ok" boolean NOT NULL, "status_code" integer, "error" character varying(500), "latency_ms" integer NOT NULL, "response_excerpt" character varying(1000), "manual" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_18e7e9ece060b1f308c1297bcab" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_integration_delivery_attempts_delivery" ON "integration_delivery_attempts"  ("delivery_id", "attempted_at") `);
        await queryRunner.query(`ALTER TABLE "integration_deliveries" ADD CONSTRAINT "FK_6e67cb793d292b9b6d9ddde715e" FOREIGN KEY ("event_id") REFERENCES "integration_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "integration_deliveries" ADD CONSTRAINT "FK_18bd1cf8ae0f8fe77af4091702c" FOREIGN KEY ("subscription_id") REFERENCES "integration_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "integration_delivery_attempts" ADD CONSTRAINT "FK_1609780927f73ee9af2ce8b6d72" FOREIGN KEY ("delivery_id") REFERENCES "integration_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Workers fan out new events as soon as the transaction that wrote them commits (NOTIFY is
        // delivered at commit, once per transaction); a 30 s sweep covers a missed notification.
        await queryRunner.query(`CREATE FUNCTION integration_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('integration_events', ''); RETURN NULL; END $$`);
        await queryRunner.query(`CREATE TRIGGER integration_events_notify AFTER INSERT ON "integration_events" FOR EACH STATEMENT EXECUTE FUNCTION integration_events_notify()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER integration_events_notify ON "integration_events"`);
        await queryRunner.query(`DROP FUNCTION integration_events_notify()`);
        await queryRunner.query(`ALTER TABLE "integration_delivery_attempts" DROP CONSTRAINT "FK_1609780927f73ee9af2ce8b6d72"`);
        await queryRunner.query(`ALTER TABLE "integration_deliveries" DROP CONSTRAINT "FK_18bd1cf8ae0f8fe77af4091702c"`);
        await queryRunner.query(`ALTER TABLE "integration_deliveries" DROP CONSTRAINT "FK_6e67cb793d292b9b6d9ddde715e"`);
        await queryRunner.query(`DROP INDEX "public"."idx_integration_delivery_attempts_delivery"`);
        await queryRunner.query(`DROP TABLE "integration_delivery_attempts"`);
        await queryRunner.query(`DROP INDEX "public"."idx_integration_deliveries_subscription"`);
        await queryRunner.query(`DROP INDEX "public"."idx_integration_deliveries_open"`);
        await queryRunner.query(`DROP TABLE "integration_deliveries"`);
        await queryRunner.query(`DROP TABLE "integration_subscriptions"`);
        await queryRunner.query(`DROP INDEX "public"."idx_integration_events_pending"`);
        await queryRunner.query(`DROP TABLE "integration_events"`);
    }

}
