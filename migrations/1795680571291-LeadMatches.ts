import { MigrationInterface, QueryRunner } from "typeorm";

export class LeadMatches1795680571291 implements MigrationInterface {
    name = 'LeadMatches1795680571291'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "lead_matches" ("lead_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "rank" smallint NOT NULL, "score" double precision, "why" jsonb NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_47eab41b43b9f63ec10caaf24be" PRIMARY KEY ("lead_id", "unit_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_lead_matches_lead_rank" ON "lead_matches"  ("lead_id", "rank") `);
        await queryRunner.query(`ALTER TABLE "lead_matches" ADD CONSTRAINT "FK_0260d6cbe4544354967bc7b4f6b" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_matches" ADD CONSTRAINT "FK_c97511d51a395ff63cec5aa4c5f" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "lead_matches" DROP CONSTRAINT "FK_c97511d51a395ff63cec5aa4c5f"`);
        await queryRunner.query(`ALTER TABLE "lead_matches" DROP CONSTRAINT "FK_0260d6cbe4544354967bc7b4f6b"`);
        await queryRunner.query(`DROP INDEX "public"."idx_lead_matches_lead_rank"`);
        await queryRunner.query(`DROP TABLE "lead_matches"`);
    }

}
