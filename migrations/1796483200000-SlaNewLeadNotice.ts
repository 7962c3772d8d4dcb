import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A lead just inserted is announced on `sla_changed` as `new:<id>` (was its bare id): the SLA
 * scheduler then places its timer without first removing jobs it cannot have yet (an import of
 * 100,000 leads made 200,000 such removals). Changes to existing leads still send the bare id.
 */
export class SlaNewLeadNotice1796483200000 implements MigrationInterface {
    name = 'SlaNewLeadNotice1796483200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE FUNCTION sla_lead_inserted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('sla_changed', 'new:' || NEW.id::text); RETURN NULL; END $$`);
        await queryRunner.query(`DROP TRIGGER trg_leads_sla_inserted ON leads`);
        await queryRunner.query(`CREATE TRIGGER trg_leads_sla_inserted AFTER INSERT ON leads FOR EACH ROW EXECUTE FUNCTION sla_lead_inserted()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER trg_leads_sla_inserted ON leads`);
        await queryRunner.query(`CREATE TRIGGER trg_leads_sla_inserted AFTER INSERT ON leads FOR EACH ROW EXECUTE FUNCTION sla_lead_changed()`);
        await queryRunner.query(`DROP FUNCTION sla_lead_inserted()`);
    }
}
