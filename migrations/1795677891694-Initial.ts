import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795677891694 implements MigrationInterface {
    name = 'Initial1795677891694'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Trigram indexes make the inbox's free-text search (name, email, phone) fast.
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`CREATE TYPE "public"."user_role" AS ENUM('admin', 'agent')`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" character varying(120) NOT NULL, "role" "public"."user_role" NOT NULL DEFAULT 'agent', "password_hash" character varying(255) NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") `);
        await queryRunner.query(`CREATE TABLE "contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "email" character varying(254), "email_normalized" character varying(254), "phone" character varying(40), "phone_e164" character varying(20), "whatsapp_id" character varying(40), "marketing_consent" boolean NOT NULL DEFAULT false, "opted_out_at" TIMESTAMP WITH TIME ZONE, "timezone" character varying(64) NOT NULL DEFAULT 'America/Los_Angeles', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_contacts_email_normalized" ON "contacts"  ("email_normalized") `);
        await queryRunner.query(`CREATE INDEX "idx_contacts_phone_e164" ON "contacts"  ("phone_e164") `);
        await queryRunner.query(`CREATE TYPE "public"."purpose" AS ENUM('buy', 'rent')`);
        await queryRunner.query(`CREATE TYPE "public"."timeline" AS ENUM('asap', '1-3_months', '3-6_months', '6-12_months', 'later')`);
        await queryRunner.query(`CREATE TYPE "public"."financing" AS ENUM('cash', 'pre_approved', 'mortgage_needed', 'unknown')`);
        await queryRunner.query(`CREATE TABLE "lead_profiles" ("lead_id" uuid NOT NULL, "purpose" "public"."purpose", "budget_min" bigint, "budget_max" bigint, "currency" character(3) NOT NULL DEFAULT 'USD', "bedrooms" smallint, "bathrooms" real, "property_types" text array NOT NULL DEFAULT '{}', "locations" text array NOT NULL DEFAULT '{}', "timeline" "public"."timeline", "financing" "public"."financing", "pets" boolean, "furnished" boolean, "must_haves" text array NOT NULL DEFAULT '{}', "evidence" jsonb NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e56f79cf52ec6bc6bbb1414e3c5" PRIMARY KEY ("lead_id"))`);
        await queryRunner.query(`CREATE TYPE "public"."lead_source" AS ENUM('web', 'meta_lead_ads', 'whatsapp', 'portal', 'referral', 'phone', 'walk_in', 'import')`);
        await queryRunner.query(`CREATE TYPE "public"."lead_stage" AS ENUM('new', 'contacted', 'qualified', 'viewing', 'offer', 'won', 'lost')`);
        await queryRunner.query(`CREATE TYPE "public"."score_source" AS ENUM('auto', 'manual')`);
        await queryRunner.query(`CREATE TYPE "public"."qualification_status" AS ENUM('unqualified', 'qualified', 'disqualified')`);
        await queryRunner.query(`CREATE TABLE "leads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "source" "public"."lead_source" NOT NULL, "source_ref" character varying(200), "stage" "public"."lead_stage" NOT NULL DEFAULT 'new', "assignee_id" uuid, "score" smallint NOT NULL DEFAULT '0', "current_qualification_id" uuid, "score_source" "public"."score_source" NOT NULL DEFAULT 'auto', "qualification_status" "public"."qualification_status" NOT NULL DEFAULT 'unqualified', "sla_due_at" TIMESTAMP WITH TIME ZONE, "first_response_at" TIMESTAMP WITH TIME ZONE, "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL, "merged_into_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cd102ed7a9a4ca7d4d8bfeba406" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_leads_contact" ON "leads"  ("contact_id") `);
        await queryRunner.query(`CREATE INDEX "idx_leads_assignee" ON "leads"  ("assignee_id") `);
        // Inbox indexes: one per sort key, INCLUDE-ing every filter column so pages are found from the index alone.
        await queryRunner.query(`CREATE INDEX "idx_leads_inbox_score" ON "leads" ("stage", "score", "id") INCLUDE ("created_at", "last_activity_at", "merged_into_id", "assignee_id", "source", "first_response_at")`);
        await queryRunner.query(`CREATE INDEX "idx_leads_inbox_created" ON "leads" ("stage", "created_at", "id") INCLUDE ("score", "last_activity_at", "merged_into_id", "assignee_id", "source", "first_response_at")`);
        await queryRunner.query(`CREATE INDEX "idx_leads_inbox_last_activity" ON "leads" ("stage", "last_activity_at", "id") INCLUDE ("score", "created_at", "merged_into_id", "assignee_id", "source", "first_response_at")`);
        await queryRunner.query(`CREATE TYPE "public"."activity_type" AS ENUM('lead_created', 'lead_updated', 'message', 'note', 'stage_changed', 'assigned', 'score_changed', 'qualified', 'profile_updated', 'task_created', 'task_completed', 'viewing', 'webhook', 'merged')`);
        await queryRunner.query(`CREATE TABLE "activities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "type" "public"."activity_type" NOT NULL, "actor_id" uuid, "direction" character varying(8), "summary" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_7f4004429f731ffb9c88eb486a8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_activities_lead_created" ON "activities"  ("lead_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "notes" text, "due_at" TIMESTAMP WITH TIME ZONE, "assignee_id" uuid, "created_by_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_tasks_open_due" ON "tasks"  ("assignee_id", "due_at") WHERE completed_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "idx_tasks_lead" ON "tasks"  ("lead_id", "created_at") `);
        await queryRunner.query(`CREATE TYPE "public"."unit_type" AS ENUM('house', 'townhouse', 'condo', 'apartment', 'land')`);
        await queryRunner.query(`CREATE TYPE "public"."unit_purpose" AS ENUM('sale', 'rent')`);
        await queryRunner.query(`CREATE TYPE "public"."unit_status" AS ENUM('available', 'under_offer', 'sold', 'rented', 'off_market')`);
        await queryRunner.query(`CREATE TABLE "units" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ref" character varying(64) NOT NULL, "title" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "type" "public"."unit_type" NOT NULL, "purpose" "public"."unit_purpose" NOT NULL, "price" bigint NOT NULL, "currency" character(3) NOT NULL DEFAULT 'USD', "bedrooms" smallint NOT NULL, "bathrooms" real NOT NULL, "size_sqft" integer, "lot_sqft" integer, "year_built" smallint, "area" character varying(120), "city" character varying(120) NOT NULL, "zip" character varying(10), "lat" double precision, "lng" double precision, "features" text array NOT NULL DEFAULT '{}', "status" "public"."unit_status" NOT NULL DEFAULT 'available', "embedding_version" character varying(80), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a8f2f064919b587d93936cb223" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_units_ref" ON "units"  ("ref") `);
        await queryRunner.query(`CREATE INDEX "idx_units_price" ON "units"  ("price", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_units_zip" ON "units"  ("zip") `);
        await queryRunner.query(`CREATE INDEX "idx_units_city" ON "units"  ("city") `);
        await queryRunner.query(`CREATE INDEX "idx_units_search" ON "units"  ("status", "purpose", "price") `);
        await queryRunner.query(`CREATE TABLE "qualifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "score" smallint NOT NULL, "breakdown" jsonb NOT NULL DEFAULT '[]', "status" "public"."qualification_status" NOT NULL, "source" "public"."score_source" NOT NULL, "weights_version" character varying(40), "author_id" uuid, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_9ed4d526ac3b76ba3f1c1080433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_qualifications_lead_created" ON "qualifications"  ("lead_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" character(64) NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_hash" ON "api_keys"  ("key_hash") `);
        // Not expressible as TypeORM decorators; declared on the entities with synchronize: false.
        await queryRunner.query(`CREATE INDEX "idx_contacts_name_trgm" ON "contacts" USING gin ("name" gin_trgm_ops)`);
        await queryRunner.query(`CREATE INDEX "idx_contacts_email_trgm" ON "contacts" USING gin (lower("email") gin_trgm_ops)`);
        await queryRunner.query(`CREATE INDEX "idx_contacts_phone_trgm" ON "contacts" USING gin ("phone_e164" gin_trgm_ops)`);
        // Must match UNIT_FTS in backend/src/inventory/unit-search-query.ts.
        await queryRunner.query(`CREATE INDEX "idx_units_fts" ON "units" USING gin (to_tsvector('english', title || ' ' || description || ' ' || coalesce(area, '') || ' ' || city))`);
        await queryRunner.query(`ALTER TABLE "lead_profiles" ADD CONSTRAINT "FK_e56f79cf52ec6bc6bbb1414e3c5" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "leads" ADD CONSTRAINT "FK_517db338cbbdc2dcffd8dea4c99" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "leads" ADD CONSTRAINT "FK_caa266b60d26ec69332ed9f97dd" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "leads" ADD CONSTRAINT "FK_70bc7ca2d82cdfd906ffa673993" FOREIGN KEY ("current_qualification_id") REFERENCES "qualifications"("id") ON DELETE SET NULL ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`);
        await queryRunner.query(`ALTER TABLE "activities" ADD CONSTRAINT "FK_df9eae372b2fdd0e4fb74871667" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "FK_c45c4fbd19faf3ca1daa4c5f21e" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "qualifications" ADD CONSTRAINT "FK_6dcab044cb0479ae825a5616aad" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_units_fts"`);
        await queryRunner.query(`DROP INDEX "public"."idx_contacts_phone_trgm"`);
        await queryRunner.query(`DROP INDEX "public"."idx_contacts_email_trgm"`);
        await queryRunner.query(`DROP INDEX "public"."idx_contacts_name_trgm"`);
        await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973"`);
        await queryRunner.query(`ALTER TABLE "qualifications" DROP CONSTRAINT "FK_6dcab044cb0479ae825a5616aad"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "FK_c45c4fbd19faf3ca1daa4c5f21e"`);
        await queryRunner.query(`ALTER TABLE "activities" DROP CONSTRAINT "FK_df9eae372b2fdd0e4fb74871667"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP CONSTRAINT "FK_70bc7ca2d82cdfd906ffa673993"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP CONSTRAINT "FK_caa266b60d26ec69332ed9f97dd"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP CONSTRAINT "FK_517db338cbbdc2dcffd8dea4c99"`);
        await queryRunner.query(`ALTER TABLE "lead_profiles" DROP CONSTRAINT "FK_e56f79cf52ec6bc6bbb1414e3c5"`);
        await queryRunner.query(`DROP INDEX "public"."uq_api_keys_hash"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
        await queryRunner.query(`DROP INDEX "public"."idx_qualifications_lead_created"`);
        await queryRunner.query(`DROP TABLE "qualifications"`);
        await queryRunner.query(`DROP INDEX "public"."idx_units_search"`);
        await queryRunner.query(`DROP INDEX "public"."idx_units_city"`);
        await queryRunner.query(`DROP INDEX "public"."idx_units_zip"`);
        await queryRunner.query(`DROP INDEX "public"."idx_units_price"`);
        await queryRunner.query(`DROP INDEX "public"."uq_units_ref"`);
        await queryRunner.query(`DROP TABLE "units"`);
        await queryRunner.query(`DROP TYPE "public"."unit_status"`);
        await queryRunner.query(`DROP TYPE "public"."unit_purpose"`);
        await queryRunner.query(`DROP TYPE "public"."unit_type"`);
        await queryRunner.query(`DROP INDEX "public"."idx_tasks_lead"`);
        await queryRunner.query(`DROP INDEX "public"."idx_tasks_open_due"`);
        await queryRunner.query(`DROP TABLE "tasks"`);
        await queryRunner.query(`DROP INDEX "public"."idx_activities_lead_created"`);
        await queryRunner.query(`DROP TABLE "activities"`);
        await queryRunner.query(`DROP TYPE "public"."activity_type"`);
        await queryRunner.query(`DROP INDEX "public"."idx_leads_inbox_last_activity"`);
        await queryRunner.query(`DROP INDEX "public"."idx_leads_inbox_created"`);
        await queryRunner.query(`DROP INDEX "public"."idx_leads_inbox_score"`);
        await queryRunner.query(`DROP INDEX "public"."idx_leads_assignee"`);
        await queryRunner.query(`DROP INDEX "public"."idx_leads_contact"`);
        await queryRunner.query(`DROP TABLE "leads"`);
        await queryRunner.query(`DROP TYPE "public"."qualification_status"`);
        await queryRunner.query(`DROP TYPE "public"."score_source"`);
        await queryRunner.query(`DROP TYPE "public"."lead_stage"`);
        await queryRunner.query(`DROP TYPE "public"."lead_source"`);
        await queryRunner.query(`DROP TABLE "lead_profiles"`);
        await queryRunner.query(`DROP TYPE "public"."financing"`);
        await queryRunner.query(`DROP TYPE "public"."timeline"`);
        await queryRunner.query(`DROP TYPE "public"."purpose"`);
        await queryRunner.query(`DROP INDEX "public"."idx_contacts_phone_e164"`);
        await queryRunner.query(`DROP INDEX "public"."idx_contacts_email_normalized"`);
        await queryRunner.query(`DROP TABLE "contacts"`);
        await queryRunner.query(`DROP INDEX "public"."uq_users_email"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TYPE "public"."user_role"`);
    }

}
