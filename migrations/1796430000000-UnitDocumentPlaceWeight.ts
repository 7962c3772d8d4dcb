import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A unit's own words and its place name apart in the full-text document: title (less the place
 * words it repeats), description and features at weight A, area and city at weight D. Search asks
 * for a wish ("near a park", "lake view") at weight A, so "park" finds a listing that mentions a
 * park and never one in Lake Forest Park by its name; a place the query names ("Lake Forest Park")
 * still matches the D part. "/" in combined area names ("North City/Lake Forest Park") is a space,
 * so each part is a word rather than one path-like token.
 *
 * Same function signature, so the generated column's expression (and TypeORM's metadata) is
 * unchanged; the column is dropped and added again so every stored document is recomputed.
 */
export class UnitDocumentPlaceWeight1796430000000 implements MigrationInterface {
    name = 'UnitDocumentPlaceWeight1796430000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // The unit's own words: title and description less every mention of its own place (the whole
        // area, each part of it, the city; case-insensitive, whole words, regex characters escaped),
        // and its features.
        await this.rebuild(queryRunner, String.raw`
            WITH names AS (
                SELECT string_agg(regexp_replace(n, '([^[:alnum:][:space:]])', '\\\1', 'g'), '|' ORDER BY length(n) DESC) AS alternatives
                  FROM (SELECT btrim(n) AS n FROM unnest(array_append(string_to_array(coalesce(area, ''), '/'), area) || city) AS n) AS names
                 WHERE n <> ''
            )
            SELECT setweight(to_tsvector('english'::regconfig,
                       CASE WHEN names.alternatives IS NULL THEN title || ' ' || description
                            ELSE regexp_replace(title || ' ' || description, '\m(' || names.alternatives || ')\M', ' ', 'gi') END
                       || ' ' || coalesce(array_to_string(features, ' '), '')), 'A')
                || setweight(to_tsvector('english'::regconfig, translate(coalesce(area, '') || ' ' || city, '/', ' ')), 'D')
              FROM names`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await this.rebuild(queryRunner, `SELECT to_tsvector('english'::regconfig, title || ' ' || description || ' ' || coalesce(array_to_string(features, ' '), '') || ' ' || coalesce(area, '') || ' ' || city)`);
    }

    private async rebuild(queryRunner: QueryRunner, body: string): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_units_document"`);
        await queryRunner.query(`ALTER TABLE "units" DROP COLUMN "search_document"`);
        await queryRunner.query(`CREATE OR REPLACE FUNCTION openhouse_unit_document(title text, description text, features text[], area text, city text)
            RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ ${body} $$`);
        await queryRunner.query(`ALTER TABLE "units" ADD "search_document" tsvector GENERATED ALWAYS AS (openhouse_unit_document(title, description, features, area, city)) STORED NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_units_document" ON "units" USING gin ("search_document") `);
    }
}
