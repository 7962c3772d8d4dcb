import { MigrationInterface, QueryRunner } from "typeorm";

export class Dedup1796427236415 implements MigrationInterface {
    name = 'Dedup1796427236415'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_duplicate_candidates_pair"`);
        await queryRunner.query(`CREATE TABLE "lead_merges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survivor_id" uuid NOT NULL, "merged_id" uuid NOT NULL, "merged_by_id" uuid, "reason" character varying(500), "choices" jsonb NOT NULL, "snapshot" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "undone_at" TIMESTAMP WITH TIME ZONE, "undone_by_id" uuid, CONSTRAINT "PK_430cca63064e8fa729372038967" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_lead_merges_survivor" ON "lead_merges"  ("survivor_id") `);
        await queryRunner.query(`CREATE INDEX "idx_lead_merges_merged" ON "lead_merges"  ("merged_id") `);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" ADD "confidence" real NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" ADD "evidence" jsonb NOT NULL DEFAULT '[]'`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" ADD "decided_by_id" uuid`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" ADD "decided_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "idx_contacts_whatsapp_id" ON "contacts"  ("whatsapp_id") `);
        await queryRunner.query(`CREATE INDEX "idx_leads_source_ref" ON "leads"  ("source", "source_ref") `);
        await queryRunner.query(`CREATE INDEX "idx_duplicate_candidates_contacts" ON "duplicate_candidates"  ("contact_id", "other_contact_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_duplicate_candidates_leads" ON "duplicate_candidates"  ("lead_id", "other_lead_id") `);
        await queryRunner.query(`ALTER TABLE "lead_merges" ADD CONSTRAINT "FK_3308c184ce028a3b235b9153d99" FOREIGN KEY ("survivor_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_merges" ADD CONSTRAINT "FK_e4528a84d75165be7b46cdcf821" FOREIGN KEY ("merged_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_merges" ADD CONSTRAINT "FK_4101fb0201e7404599c81a3acb9" FOREIGN KEY ("merged_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "lead_merges" DROP CONSTRAINT "FK_4101fb0201e7404599c81a3acb9"`);
        await queryRunner.query(`ALTER TABLE "lead_merges" DROP CONSTRAINT "FK_e4528a84d75165be7b46cdcf821"`);
        await queryRunner.query(`ALTER TABLE "lead_merges" DROP CONSTRAINT "FK_3308c184ce028a3b235b9153d99"`);
        await queryRunner.query(`DROP INDEX "public"."uq_duplicate_candidates_leads"`);
        await queryRunner.query(`DROP INDEX "public"."idx_duplicate_candidates_contacts"`);
        await queryRunner.query(`DROP INDEX "public"."idx_leads_source_ref"`);
        await queryRunner.query(`DROP INDEX "public"."idx_contacts_whatsapp_id"`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" DROP COLUMN "decided_at"`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" DROP COLUMN "decided_by_id"`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" DROP COLUMN "evidence"`);
        await queryRunner.query(`ALTER TABLE "duplicate_candidates" DROP COLUMN "confidence"`);
        await queryRunner.query(`DROP INDEX "public"."idx_lead_merges_merged"`);
        await queryRunner.query(`DROP INDEX "public"."idx_lead_merges_survivor"`);
        await queryRunner.query(`DROP TABLE "lead_merges"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_duplicate_candidates_pair" ON "duplicate_candidates" USING btree ("contact_id", "other_contact_id") `);
    }

}
