import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Calendar invites and feeds: each viewing's invite SEQUENCE (raised on every move and
 * cancellation) and each agent's private feed token (its SHA-256; deleted = revoked).
 */
export class ViewingInvitesAndFeeds1796428902032 implements MigrationInterface {
    name = 'ViewingInvitesAndFeeds1796428902032'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "agent_calendar_feeds" ("user_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1c734c7c72d3fb38a6edad5c89f" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_agent_calendar_feeds_token" ON "agent_calendar_feeds"  ("token_hash") `);
        await queryRunner.query(`ALTER TABLE "viewings" ADD "sequence" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "agent_calendar_feeds" ADD CONSTRAINT "FK_1c734c7c72d3fb38a6edad5c89f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "agent_calendar_feeds" DROP CONSTRAINT "FK_1c734c7c72d3fb38a6edad5c89f"`);
        await queryRunner.query(`ALTER TABLE "viewings" DROP COLUMN "sequence"`);
        await queryRunner.query(`DROP INDEX "public"."uq_agent_calendar_feeds_token"`);
        await queryRunner.query(`DROP TABLE "agent_calendar_feeds"`);
    }

}
