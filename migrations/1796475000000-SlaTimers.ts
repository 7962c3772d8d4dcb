import { MigrationInterface, QueryRunner } from "typeorm";

export class SlaTimers1796475000000 implements MigrationInterface {
    name = 'SlaTimers1796475000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "business_hours" ("id" smallint NOT NULL, "time_zone" character varying(64) NOT NULL, "days" jsonb NOT NULL DEFAULT '[]', "updated_by_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_560a76077605005da835fe505a5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "sla_alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "rule_id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "kind" character varying(10) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_12abae04bf8a39ee9a211ca71d8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_sla_alerts_timer" ON "sla_alerts"  ("lead_id", "rule_id", "started_at", "kind") `);
        await queryRunner.query(`CREATE TABLE "sla_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(20) NOT NULL, "stage" "public"."lead_stage" NOT NULL, "minutes" integer NOT NULL, "business_hours_only" boolean NOT NULL DEFAULT true, "warn_percent" smallint, "escalation" character varying(20) NOT NULL DEFAULT 'notify_team_lead', "enabled" boolean NOT NULL DEFAULT true, "position" smallint NOT NULL DEFAULT '0', "updated_by_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_677836e92af40f525136e48b3e3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "sla_kind" character varying(10)`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "stage_entered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
        await queryRunner.query(`ALTER TYPE "public"."activity_type" ADD VALUE 'sla_breached'`);
        await queryRunner.query(`ALTER TABLE "sla_alerts" ADD CONSTRAINT "FK_ab6bbad45c44d742852172be838" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // When each lead entered its stage: its last stage move, else its arrival.
        await queryRunner.query(`UPDATE leads l SET stage_entered_at = coalesce((SELECT max(a.created_at) FROM activities a WHERE a.lead_id = l.id AND a.type = 'stage_changed'), l.created_at)`);
        // The team's hours (the demo brokerage is in King County, WA) and two timers to start from; admins change them on Admin → Pipeline.
        await queryRunner.query(`INSERT INTO business_hours (id, time_zone, days) VALUES (1, 'America/Los_Angeles', '[{"weekday":1,"start":"09:00","end":"18:00"},{"weekday":2,"start":"09:00","end":"18:00"},{"weekday":3,"start":"09:00","end":"18:00"},{"weekday":4,"start":"09:00","end":"18:00"},{"weekday":5,"start":"09:00","end":"18:00"}]')`);
        await queryRunner.query(`INSERT INTO sla_rules (kind, stage, minutes, business_hours_only, warn_percent, escalation, position) VALUES
            ('first_response', 'new', 5, true, 80, 'notify_team_lead', 1),
            ('leave_stage', 'qualified', 4320, false, 80, 'notify_team_lead', 2)`);
        // Every change an SLA timer depends on, by any path, is heard by the workers' scheduler at commit (a hint: a reconcile sweep catches what is missed).
        await queryRunner.query(`CREATE FUNCTION sla_lead_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('sla_changed', NEW.id::text); RETURN NULL; END $$`);
        await queryRunner.query(`CREATE TRIGGER trg_leads_sla_inserted AFTER INSERT ON leads FOR EACH ROW EXECUTE FUNCTION sla_lead_changed()`);
        await queryRunner.query(`CREATE TRIGGER trg_leads_sla_changed AFTER UPDATE OF stage, awaiting_reply_since, merged_into_id ON leads FOR EACH ROW
            WHEN (OLD.stage IS DISTINCT FROM NEW.stage OR OLD.awaiting_reply_since IS DISTINCT FROM NEW.awaiting_reply_since OR OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id)
            EXECUTE FUNCTION sla_lead_changed()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER trg_leads_sla_changed ON leads`);
        await queryRunner.query(`DROP TRIGGER trg_leads_sla_inserted ON leads`);
        await queryRunner.query(`DROP FUNCTION sla_lead_changed()`);
        await queryRunner.query(`DELETE FROM activities WHERE type = 'sla_breached'`);
        await queryRunner.query(`ALTER TABLE "sla_alerts" DROP CONSTRAINT "FK_ab6bbad45c44d742852172be838"`);
        await queryRunner.query(`CREATE TYPE "public"."activity_type_old" AS ENUM('lead_created', 'lead_updated', 'message', 'note', 'stage_changed', 'assigned', 'score_changed', 'qualified', 'profile_updated', 'task_created', 'task_completed', 'viewing', 'webhook', 'merged', 'agent_tool', 'opted_out', 'handover', 'send_decision', 'delivery_failed')`);
        await queryRunner.query(`ALTER TABLE "activities" ALTER COLUMN "type" TYPE "public"."activity_type_old" USING "type"::"text"::"public"."activity_type_old"`);
        await queryRunner.query(`DROP TYPE "public"."activity_type"`);
        await queryRunner.query(`ALTER TYPE "public"."activity_type_old" RENAME TO "activity_type"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "stage_entered_at"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "sla_kind"`);
        await queryRunner.query(`DROP TABLE "sla_rules"`);
        await queryRunner.query(`DROP INDEX "public"."uq_sla_alerts_timer"`);
        await queryRunner.query(`DROP TABLE "sla_alerts"`);
        await queryRunner.query(`DROP TABLE "business_hours"`);
    }

}
