import { MigrationInterface, QueryRunner } from "typeorm";

/** Sellers are leads too: a profile's purpose may be "sell" (what they sell, where and when). */
export class SellerPurpose1796418115399 implements MigrationInterface {
    name = 'SellerPurpose1796418115399'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TYPE "public"."purpose" ADD VALUE IF NOT EXISTS 'sell'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`UPDATE "lead_profiles" SET "purpose" = NULL WHERE "purpose" = 'sell'`);
        await queryRunner.query(`ALTER TYPE "public"."purpose" RENAME TO "purpose_old"`);
        await queryRunner.query(`CREATE TYPE "public"."purpose" AS ENUM('buy', 'rent')`);
        await queryRunner.query(`ALTER TABLE "lead_profiles" ALTER COLUMN "purpose" TYPE "public"."purpose" USING "purpose"::"text"::"public"."purpose"`);
        await queryRunner.query(`DROP TYPE "public"."purpose_old"`);
    }

}
