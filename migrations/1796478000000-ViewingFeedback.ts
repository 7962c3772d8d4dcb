import { MigrationInterface, QueryRunner } from "typeorm";

/** Viewing feedback (issue 17 point 5): one answer per viewing, owned by viewings; lead_profiles.dislikes lowers similar homes in matches. */
export class ViewingFeedback1796478000000 implements MigrationInterface {
    name = 'ViewingFeedback1796478000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."price_feeling" AS ENUM('too_high', 'about_right', 'good_value')`);
        await queryRunner.query(`CREATE TABLE "viewing_feedback" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "viewing_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "lead_id" uuid NOT NULL, "liked" boolean NOT NULL, "liked_features" text array NOT NULL DEFAULT '{}', "disliked_features" text array NOT NULL DEFAULT '{}', "price_feeling" "public"."price_feeling", "comment" text, "source" character varying(10) NOT NULL, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_637cabc78af78aec96bcad7f9c7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_viewing_feedback_viewing" ON "viewing_feedback"  ("viewing_id") `);
        await queryRunner.query(`CREATE INDEX "idx_viewing_feedback_unit" ON "viewing_feedback"  ("unit_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "lead_profiles" ADD "dislikes" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "viewing_feedback" ADD CONSTRAINT "FK_e00fe42d4250895ced4c1ea08e2" FOREIGN KEY ("viewing_id") REFERENCES "viewings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "viewing_feedback" DROP CONSTRAINT "FK_e00fe42d4250895ced4c1ea08e2"`);
        await queryRunner.query(`ALTER TABLE "lead_profiles" DROP COLUMN "dislikes"`);
        await queryRunner.query(`DROP INDEX "public"."idx_viewing_feedback_unit"`);
        await queryRunner.query(`DROP INDEX "public"."uq_viewing_feedback_viewing"`);
        await queryRunner.query(`DROP TABLE "viewing_feedback"`);
        await queryRunner.query(`DROP TYPE "public"."price_feeling"`);
    }

}
