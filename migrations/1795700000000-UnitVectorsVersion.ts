import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One row that every statement changing unit_vectors bumps (FK cascades from units included), so
 * a process holding vectors in memory knows with one read whether to look for changes.
 * See PgVectorStore. Written by hand: triggers are not part of the entity model.
 */
export class UnitVectorsVersion1795700000000 implements MigrationInterface {
    name = 'UnitVectorsVersion1795700000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "unit_vectors_version" ("id" smallint PRIMARY KEY DEFAULT 1 CHECK ("id" = 1), "version" bigint NOT NULL DEFAULT 0)`);
        await queryRunner.query(`INSERT INTO "unit_vectors_version" ("id", "version") VALUES (1, 0)`);
        await queryRunner.query(`CREATE FUNCTION "bump_unit_vectors_version"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE "unit_vectors_version" SET "version" = "version" + 1; RETURN NULL; END $$`);
        await queryRunner.query(`CREATE TRIGGER "unit_vectors_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "unit_vectors" FOR EACH STATEMENT EXECUTE FUNCTION "bump_unit_vectors_version"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "unit_vectors_changed" ON "unit_vectors"`);
        await queryRunner.query(`DROP FUNCTION "bump_unit_vectors_version"()`);
        await queryRunner.query(`DROP TABLE "unit_vectors_version"`);
    }

}
