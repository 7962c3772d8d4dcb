import { MigrationInterface, QueryRunner } from "typeorm";

export class DuplicateCandidates1796406965989 implements MigrationInterface {
    name = 'DuplicateCandidates1796406965989'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "duplicate_candidates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "lead_id" uuid, "other_contact_id" uuid NOT NULL, "other_lead_id" uuid, "signal" character varying(20) NOT NULL, "origin" character varying(20) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'open', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ab92e7eb022be6482abf6d575f6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_duplicate_candidates_other" ON "duplicate_candidates"  ("other_contact_id") `);
        await queryRunner.query(`CREATE INDEX "idx_duplicate_candidates_status" ON "duplicate_candidates"  ("status") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_duplicate_candidates_pair" ON "duplicate_candidates"  ("contact_id", "other_contact_id") `);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" ADD CONSTRAINT "FK_3d4e622224362e2bd0c56724912" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" ADD CONSTRAINT "FK_d5d6f7de33379650f0bd8049260" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" ADD CONSTRAINT "FK_0a939fba83ae39bf6c1aee16650" FOREIGN KEY ("other_contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" ADD CONSTRAINT "FK_e2f05a6175379465b813867c164" FOREIGN KEY ("other_lead_id") REFERENCES "leads"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" DROP CONSTRAINT "FK_e2f05a6175379465b813867c164"`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" DROP CONSTRAINT "FK_0a939fba83ae39bf6c1aee16650"`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" DROP CONSTRAINT "FK_d5d6f7de33379650f0bd8049260"`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" DROP CONSTRAINT "FK_3d4e622224362e2bd0c56724912"`);
        await queryRunner.query(`DROP INDEX "public"."uq_duplicate_candidates_pair"`);
        await queryRunner.query(`DROP INDEX "public"."idx_duplicate_candidates_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_duplicate_candidates_other"`);
        await queryRunner.query(`DROP TABLE "duplicate_candidates"`);
    }

}
