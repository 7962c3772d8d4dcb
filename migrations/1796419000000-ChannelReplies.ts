import { MigrationInterface, QueryRunner } from "typeorm";

export class ChannelReplies1796419000000 implements MigrationInterface {
    name = 'ChannelReplies1796419000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "sessions" ADD "reply_pending" uuid array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "sessions" ADD "reply_due_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "idx_sessions_reply_due" ON "sessions"  ("reply_due_at") WHERE reply_due_at IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_sessions_reply_due"`);
        await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "reply_due_at"`);
        await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "reply_pending"`);
    }

}
