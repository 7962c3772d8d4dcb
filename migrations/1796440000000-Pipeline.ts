import { MigrationInterface, QueryRunner } from "typeorm";

export class Pipeline1796440000000 implements MigrationInterface {
    name = 'Pipeline1796440000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "stage_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(40) NOT NULL, "stage" "public"."lead_stage", "enabled" boolean NOT NULL DEFAULT true, "reasons" jsonb NOT NULL DEFAULT '[]', "position" smallint NOT NULL DEFAULT '0', "updated_by_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_67e5a4a5064489de81b56326f39" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "first_ai_response_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "first_human_response_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "awaiting_reply_since" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "version" integer NOT NULL DEFAULT '1'`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "lost_reason" character varying(120)`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "won_unit_id" uuid`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "won_price" numeric(14,2)`);
        // The inbox's "needs attention" order, like the other inbox indexes (INCLUDE is beyond TypeORM's decorators).
        await queryRunner.query(`CREATE INDEX "idx_leads_inbox_attention" ON "leads" ("stage", "awaiting_reply_since" ASC NULLS LAST, "score" DESC, "id" DESC) INCLUDE ("created_at", "last_activity_at", "merged_into_id", "assignee_id", "source", "first_response_at")`);
        // Backfill speed to lead from the timeline: the first message out by the assistant and by a
        // person; and since when each lead waits (its first message after the last one out; or its
        // arrival, when nobody ever answered).
        await queryRunner.query(`
            WITH m AS (
                SELECT a.lead_id,
                       min(a.created_at) FILTER (WHERE a.direction = 'outbound' AND a.data->>'by' = 'ai') AS first_ai,
                       min(a.created_at) FILTER (WHERE a.direction = 'outbound' AND coalesce(a.data->>'by', '') <> 'ai') AS first_person,
                       max(a.created_at) FILTER (WHERE a.direction = 'outbound') AS last_out
                  FROM activities a WHERE a.type = 'message' GROUP BY a.lead_id),
            w AS (
                SELECT m.*, (SELECT min(a.created_at) FROM activities a
                              WHERE a.lead_id = m.lead_id AND a.type = 'message' AND a.direction = 'inbound'
                                AND a.created_at > coalesce(m.last_out, '-infinity')) AS waiting_from
                  FROM m)
            UPDATE leads l SET first_ai_response_at = w.first_ai, first_human_response_at = w.first_person,
                   awaiting_reply_since = CASE WHEN w.last_out IS NULL AND l.first_response_at IS NULL THEN l.created_at ELSE w.waiting_from END
              FROM w WHERE w.lead_id = l.id`);
        await queryRunner.query(`UPDATE leads SET awaiting_reply_since = created_at WHERE first_response_at IS NULL AND awaiting_reply_since IS NULL AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.lead_id = leads.id AND a.type = 'message')`);
        // The default stage rules (Admin → Pipeline edits them).
        await queryRunner.query(`INSERT INTO stage_rules (kind, stage, reasons, position) VALUES
            ('reachable', 'viewing', '[]', 1),
            ('viewing_booked', 'viewing', '[]', 2),
            ('lost_reason', 'lost', '["Bought or rented elsewhere", "Chose another agent", "Budget does not fit", "Stopped answering", "Changed plans", "Not a real lead"]', 3),
            ('unit_or_price', 'won', '[]', 4),
            ('note_backwards', NULL, '[]', 5)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_leads_inbox_attention"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "won_price"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "won_unit_id"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "lost_reason"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "version"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "awaiting_reply_since"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "first_human_response_at"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "first_ai_response_at"`);
        await queryRunner.query(`DROP TABLE "stage_rules"`);
    }

}
