import { MigrationInterface, QueryRunner } from "typeorm";

export class UnitSearchDocument1795681659790 implements MigrationInterface {
    name = 'UnitSearchDocument1795681659790'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Unit full text covers features too ("luxury", "single-level", "large lot" are features, not
        // words of the generated descriptions), and is stored so ranking never re-parses a unit's text.
        // array_to_string is only STABLE: an IMMUTABLE function lets a generated column use it.
        await queryRunner.query(`CREATE FUNCTION openhouse_unit_document(title text, description text, features text[], area text, city text)
            RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT to_tsvector('english'::regconfig, title || ' ' || description || ' ' || coalesce(array_to_string(features, ' '), '') || ' ' || coalesce(area, '') || ' ' || city) $$`);
        await queryRunner.query(`ALTER TABLE "units" ADD "search_document" tsvector GENERATED ALWAYS AS (openhouse_unit_document(title, description, features, area, city)) STORED NOT NULL`);
        await queryRunner.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)`, ["public","units","GENERATED_COLUMN","search_document","openhouse_unit_document(title, description, features, area, city)"]);
        await queryRunner.query(`CREATE INDEX "idx_units_document" ON "units" USING gin ("search_document") `);
        await queryRunner.query(`DROP INDEX "public"."idx_units_fts"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_units_document"`);
        await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4`, ["GENERATED_COLUMN","search_document","public","units"]);
        await queryRunner.query(`ALTER TABLE "units" DROP COLUMN "search_document"`);
        await queryRunner.query(`DROP FUNCTION openhouse_unit_document(text, text, text[], text, text)`);
        await queryRunner.query(`CREATE INDEX "idx_units_fts" ON "units" USING gin (to_tsvector('english', title || ' ' || description || ' ' || coalesce(area, '') || ' ' || city))`);
    }

}
