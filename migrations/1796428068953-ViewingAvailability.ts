import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Viewing availability: agents' working hours (zone, weekly hours, buffer) and time off, homes'
 * viewing windows, and who shows each viewing (booked viewings of assigned leads are given to
 * the lead's agent, so they block that agent's calendar from now on).
 */
export class ViewingAvailability1796428068953 implements MigrationInterface {
    name = 'ViewingAvailability1796428068953'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "agent_availability" ("user_id" uuid NOT NULL, "timezone" character varying(64) NOT NULL, "weekly" jsonb NOT NULL DEFAULT '[]', "buffer_minutes" integer NOT NULL DEFAULT '15', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5d6734e0169c9c76675ec98bd40" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TABLE "agent_time_off" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fdc52100727974a272ff3563eb2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_agent_time_off_user" ON "agent_time_off"  ("user_id", "starts_at") `);
        await queryRunner.query(`CREATE TABLE "unit_viewing_windows" ("unit_id" uuid NOT NULL, "timezone" character varying(64) NOT NULL, "windows" jsonb NOT NULL DEFAULT '[]', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2cfca4f3c34694135af40e7b07d" PRIMARY KEY ("unit_id"))`);
        await queryRunner.query(`ALTER TABLE "viewings" ADD "agent_id" uuid`);
        await queryRunner.query(`CREATE INDEX "idx_viewings_agent" ON "viewings"  ("agent_id", "starts_at") `);
        await queryRunner.query(`ALTER TABLE "agent_availability" ADD CONSTRAINT "FK_5d6734e0169c9c76675ec98bd40" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agent_time_off" ADD CONSTRAINT "FK_3938ff760a3bb1968a4f6975b10" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "unit_viewing_windows" ADD CONSTRAINT "FK_2cfca4f3c34694135af40e7b07d" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "viewings" ADD CONSTRAINT "FK_aaed6202a70dbe558dc8d289b4e" FOREIGN KEY ("agent_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`UPDATE "viewings" v SET "agent_id" = l."assignee_id" FROM "leads" l WHERE l."id" = v."lead_id" AND v."status" = 'booked'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "viewings" DROP CONSTRAINT "FK_aaed6202a70dbe558dc8d289b4e"`);
        await queryRunner.query(`ALTER TABLE "unit_viewing_windows" DROP CONSTRAINT "FK_2cfca4f3c34694135af40e7b07d"`);
        await queryRunner.query(`ALTER TABLE "agent_time_off" DROP CONSTRAINT "FK_3938ff760a3bb1968a4f6975b10"`);
        await queryRunner.query(`ALTER TABLE "agent_availability" DROP CONSTRAINT "FK_5d6734e0169c9c76675ec98bd40"`);
        await queryRunner.query(`DROP INDEX "public"."idx_viewings_agent"`);
        await queryRunner.query(`ALTER TABLE "viewings" DROP COLUMN "agent_id"`);
        await queryRunner.query(`DROP TABLE "unit_viewing_windows"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_time_off_user"`);
        await queryRunner.query(`DROP TABLE "agent_time_off"`);
        await queryRunner.query(`DROP TABLE "agent_availability"`);
    }

}
