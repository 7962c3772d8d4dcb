import { MigrationInterface, QueryRunner } from "typeorm";

export class UnitVectors1795679829516 implements MigrationInterface {
    name = 'UnitVectors1795679829516'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Every write takes the next value, so searching processes load only rows newer than what they hold.
        await queryRunner.query(`CREATE SEQUENCE "unit_vectors_seq"`);
        await queryRunner.query(`CREATE TABLE "unit_vectors" ("unit_id" uuid NOT NULL, "vector" bytea NOT NULL, "dimensions" smallint NOT NULL, "seq" bigint NOT NULL, "payload" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8f7cf0058204fc25a91864bd445" PRIMARY KEY ("unit_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_unit_vectors_seq" ON "unit_vectors"  ("seq") `);
        await queryRunner.query(`ALTER TABLE "unit_vectors" ADD CONSTRAINT "FK_8f7cf0058204fc25a91864bd445" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "unit_vectors" DROP CONSTRAINT "FK_8f7cf0058204fc25a91864bd445"`);
        await queryRunner.query(`DROP INDEX "public"."idx_unit_vectors_seq"`);
        await queryRunner.query(`DROP TABLE "unit_vectors"`);
        await queryRunner.query(`DROP SEQUENCE "unit_vectors_seq"`);
    }

}
