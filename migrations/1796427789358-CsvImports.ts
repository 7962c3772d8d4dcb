import { MigrationInterface, QueryRunner } from "typeorm";

/** CSV imports (issue 15 point 5): the uploaded file's run and counts, its skipped rows with reasons, and saved column mappings. */
export class CsvImports1796427789358 implements MigrationInterface {
    name = 'CsvImports1796427789358'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "import_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(10) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'uploaded', "file_name" character varying(255) NOT NULL, "file_size" bigint NOT NULL, "delimiter" character varying(2) NOT NULL, "headers" jsonb NOT NULL, "preview" jsonb NOT NULL, "mapping" jsonb, "dry_run" boolean NOT NULL DEFAULT false, "default_country" character(2) NOT NULL DEFAULT 'US', "total_rows" integer, "rows_done" integer NOT NULL DEFAULT '0', "created" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "merged" integer NOT NULL DEFAULT '0', "skipped" integer NOT NULL DEFAULT '0', "possible_duplicates" integer NOT NULL DEFAULT '0', "error" text, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4d206c602f173f98e4bb85819a3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_import_jobs_created_by" ON "import_jobs"  ("created_by_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "import_mappings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" character varying(10) NOT NULL, "name" character varying(80) NOT NULL, "mapping" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0fa9ff07029c3b68e95d7968592" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_import_mappings_name" ON "import_mappings"  ("user_id", "kind", "name") `);
        await queryRunner.query(`CREATE TABLE "import_rejections" ("id" BIGSERIAL NOT NULL, "import_id" uuid NOT NULL, "row" integer NOT NULL, "reason" character varying(300) NOT NULL, "cells" jsonb NOT NULL, CONSTRAINT "PK_d17d5e669270d3ed76c7b2aaaa2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_import_rejections_row" ON "import_rejections"  ("import_id", "row") `);
        await queryRunner.query(`ALTER TABLE "import_rejections" ADD CONSTRAINT "FK_91b0879e933bce03366b0e50ece" FOREIGN KEY ("import_id") REFERENCES "import_jobs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "import_rejections" DROP CONSTRAINT "FK_91b0879e933bce03366b0e50ece"`);
        await queryRunner.query(`DROP INDEX "public"."idx_import_rejections_row"`);
        await queryRunner.query(`DROP TABLE "import_rejections"`);
        await queryRunner.query(`DROP INDEX "public"."uq_import_mappings_name"`);
        await queryRunner.query(`DROP TABLE "import_mappings"`);
        await queryRunner.query(`DROP INDEX "public"."idx_import_jobs_created_by"`);
        await queryRunner.query(`DROP TABLE "import_jobs"`);
    }

}
