import { MigrationInterface, QueryRunner } from "typeorm";

export class InboundSources1796411643673 implements MigrationInterface {
    name = 'InboundSources1796411643673'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inbound_sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(80) NOT NULL, "name" character varying(100) NOT NULL, "kind" character varying(12) NOT NULL, "secret" character varying(100), "mapping" jsonb NOT NULL DEFAULT '{}'::jsonb, "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9cb8b54ad68ad63be149e448a9c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_inbound_sources_key" ON "inbound_sources"  ("key") `);
        await queryRunner.query(`ALTER TYPE "public"."lead_source" ADD VALUE 'partner'`);
        await queryRunner.query(`ALTER TYPE "public"."lead_source" ADD VALUE 'widget'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."lead_source_old" AS ENUM('web', 'meta_lead_ads', 'whatsapp', 'portal', 'referral', 'phone', 'walk_in', 'import')`);
        await queryRunner.query(`ALTER TABLE "leads" ALTER COLUMN "source" TYPE "public"."lead_source_old" USING "source"::"text"::"public"."lead_source_old"`);
        await queryRunner.query(`DROP TYPE "public"."lead_source"`);
        await queryRunner.query(`ALTER TYPE "public"."lead_source_old" RENAME TO "lead_source"`);
        await queryRunner.query(`DROP INDEX "public"."uq_inbound_sources_key"`);
        await queryRunner.query(`DROP TABLE "inbound_sources"`);
    }

}
