import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Teams (a name on each user; a team lead sees the team's leads) and two-step sign-in (an encrypted
 * TOTP secret, the last step used so a code works once, hashed recovery codes).
 */
export class AccountsTeamsTwoFactor1796421631408 implements MigrationInterface {
    name = 'AccountsTeamsTwoFactor1796421631408'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" ADD "team" character varying(80)`);
        await queryRunner.query(`ALTER TABLE "users" ADD "totp_secret" text`);
        await queryRunner.query(`ALTER TABLE "users" ADD "totp_pending_secret" text`);
        await queryRunner.query(`ALTER TABLE "users" ADD "totp_last_step" bigint`);
        await queryRunner.query(`ALTER TABLE "users" ADD "recovery_code_hashes" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TYPE "public"."user_role" ADD VALUE IF NOT EXISTS 'team_lead'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`UPDATE "users" SET "role" = 'agent' WHERE "role" = 'team_lead'`);
        await queryRunner.query(`CREATE TYPE "public"."user_role_old" AS ENUM('admin', 'agent')`);
        await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "role" DROP DEFAULT`);
        await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "role" TYPE "public"."user_role_old" USING "role"::"text"::"public"."user_role_old"`);
        await queryRunner.query(`DROP TYPE "public"."user_role"`);
        await queryRunner.query(`ALTER TYPE "public"."user_role_old" RENAME TO "user_role"`);
        await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "role" SET DEFAULT 'agent'`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "recovery_code_hashes"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_last_step"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_pending_secret"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_secret"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "team"`);
    }

}
