import { MigrationInterface, QueryRunner } from "typeorm";

export class Analytics1796475000000 implements MigrationInterface {
    name = 'Analytics1796475000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Analytics (issue 18): per-lead summaries, timed events and score moves kept current by the refresh-analytics job; the cost table; and the two indexes the refresh and the assistant figure read by time.
        await queryRunner.query(`CREATE TABLE "analytics_lead_facts" ("lead_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "source" "public"."lead_source" NOT NULL, "assignee_id" uuid, "campaign_id" character varying(64), "form_id" character varying(64), "stage" "public"."lead_stage" NOT NULL, "score" smallint NOT NULL, "reached" smallint NOT NULL, "qualified" boolean NOT NULL, "viewing" boolean NOT NULL, "won_at" TIMESTAMP WITH TIME ZONE, "first_response_s" integer, "first_ai_s" integer, "first_human_s" integer, "new_s" integer, "contacted_s" integer, "qualified_s" integer, "viewing_s" integer, "offer_s" integer, "person_involved" boolean NOT NULL, CONSTRAINT "PK_801d1f4dacbc44097763b0edea4" PRIMARY KEY ("lead_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_analytics_facts_won" ON "analytics_lead_facts"  ("won_at") WHERE won_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_analytics_facts_created" ON "analytics_lead_facts"  ("created_at") `);
        await queryRunner.query(`CREATE TABLE "analytics_events" ("activity_id" uuid NOT NULL, "lead_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text, CONSTRAINT "PK_025946e57647d31fffb35e9f774" PRIMARY KEY ("activity_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_analytics_events_kind_at" ON "analytics_events"  ("kind", "at") `);
        await queryRunner.query(`CREATE TABLE "analytics_score_moves" ("qualification_id" uuid NOT NULL, "factor" character varying(40) NOT NULL, "lead_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "delta" smallint NOT NULL, CONSTRAINT "PK_7eecf1560a17a0b54204df0fe85" PRIMARY KEY ("qualification_id", "factor"))`);
        await queryRunner.query(`CREATE INDEX "idx_analytics_score_moves_at" ON "analytics_score_moves"  ("at") `);
        await queryRunner.query(`CREATE TABLE "analytics_refresh" ("id" smallint NOT NULL DEFAULT '1', "refreshed_to" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5e5eb37fab0eaf5c852f0079510" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "source_costs" ("source" "public"."lead_source" NOT NULL, "monthly_cost" numeric(12,2), "cost_per_lead" numeric(10,2), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_65aa3023808dbc23c061004b313" PRIMARY KEY ("source"))`);
        await queryRunner.query(`CREATE INDEX "idx_messages_assistant_created" ON "messages"  ("created_at") WHERE role = 'assistant'`);
        await queryRunner.query(`CREATE INDEX "idx_activities_created" ON "activities"  ("created_at") `);
        await queryRunner.query(`ALTER TABLE "analytics_lead_facts" ADD CONSTRAINT "FK_801d1f4dacbc44097763b0edea4" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "analytics_events" ADD CONSTRAINT "FK_a66212caa93d2c0eaf177223692" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "analytics_score_moves" ADD CONSTRAINT "FK_4ddad66035b927c1344733ef42b" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "analytics_score_moves" DROP CONSTRAINT "FK_4ddad66035b927c1344733ef42b"`);
        await queryRunner.query(`ALTER TABLE "analytics_events" DROP CONSTRAINT "FK_a66212caa93d2c0eaf177223692"`);
        await queryRunner.query(`ALTER TABLE "analytics_lead_facts" DROP CONSTRAINT "FK_801d1f4dacbc44097763b0edea4"`);
        await queryRunner.query(`DROP INDEX "public"."idx_activities_created"`);
        await queryRunner.query(`DROP INDEX "public"."idx_messages_assistant_created"`);
        await queryRunner.query(`DROP TABLE "source_costs"`);
        await queryRunner.query(`DROP TABLE "analytics_refresh"`);
        await queryRunner.query(`DROP INDEX "public"."idx_analytics_score_moves_at"`);
        await queryRunner.query(`DROP TABLE "analytics_score_moves"`);
        await queryRunner.query(`DROP INDEX "public"."idx_analytics_events_kind_at"`);
        await queryRunner.query(`DROP TABLE "analytics_events"`);
        await queryRunner.query(`DROP INDEX "public"."idx_analytics_facts_created"`);
        await queryRunner.query(`DROP INDEX "public"."idx_analytics_facts_won"`);
        await queryRunner.query(`DROP TABLE "analytics_lead_facts"`);
    }

}
