import { MigrationInterface, QueryRunner } from "typeorm";

export class ContactChannelAndTaskType1796408469893 implements MigrationInterface {
    name = 'ContactChannelAndTaskType1796408469893'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "contacts" ADD "preferred_channel" character varying(16)`);
        await queryRunner.query(`CREATE TYPE "public"."task_type" AS ENUM('call', 'email', 'viewing_prep', 'follow_up')`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "type" "public"."task_type" NOT NULL DEFAULT 'follow_up'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "type"`);
        await queryRunner.query(`DROP TYPE "public"."task_type"`);
        await queryRunner.query(`ALTER TABLE "contacts" DROP COLUMN "preferred_channel"`);
    }

}
