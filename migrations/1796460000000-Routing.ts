import { MigrationInterface, QueryRunner } from "typeorm";

export class Routing1796460000000 implements MigrationInterface {
    name = 'Routing1796460000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "routing_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(80) NOT NULL, "position" smallint NOT NULL DEFAULT '0', "enabled" boolean NOT NULL DEFAULT true, "sources" jsonb NOT NULL DEFAULT '[]', "areas" jsonb NOT NULL DEFAULT '[]', "price_min" integer, "price_max" integer, "target" character varying(10) NOT NULL DEFAULT 'agents', "agents" jsonb NOT NULL DEFAULT '[]', "capacity" integer, "rr_state" jsonb NOT NULL DEFAULT '{}', "updated_by_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b744c5cc71053ea4d3fc8a860c2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "pond_since" TIMESTAMP WITH TIME ZONE`);
        // Out of the box, what happened before routing existed: every active agent takes turns.
        await queryRunner.query(`INSERT INTO "routing_rules" ("name", "position", "target", "capacity") VALUES ('Every active agent, in turn', 1, 'everyone', 1000)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "pond_since"`);
        await queryRunner.query(`DROP TABLE "routing_rules"`);
    }

}
