import { MigrationInterface, QueryRunner } from "typeorm";

/** Leads that write in by email (the inbound-mail webhook) get their own source. */
export class EmailLeadSource1796417743908 implements MigrationInterface {
    name = 'EmailLeadSource1796417743908'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TYPE "public"."lead_source" ADD VALUE 'email'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."lead_source_old" AS ENUM('web', 'meta_lead_ads', 'whatsapp', 'portal', 'referral', 'phone', 'walk_in', 'import', 'partner', 'widget')`);
        await queryRunner.query(`ALTER TABLE "leads" ALTER COLUMN "source" TYPE "public"."lead_source_old" USING "source"::"text"::"public"."lead_source_old"`);
        await queryRunner.query(`DROP TYPE "public"."lead_source"`);
        await queryRunner.query(`ALTER TYPE "public"."lead_source_old" RENAME TO "lead_source"`);
    }

}
