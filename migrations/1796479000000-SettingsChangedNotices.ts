import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Settings tables that processes keep in memory (`NotifiedCache`: the stage rules every move is
 * checked against, the SLA rules and business hours every reschedule reads) tell every process when
 * they change, whoever writes them: a statement-level trigger NOTIFYs `settings_changed` with the
 * table's name, delivered at commit.
 */
export class SettingsChangedNotices1796479000000 implements MigrationInterface {
    name = 'SettingsChangedNotices1796479000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE FUNCTION settings_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('settings_changed', TG_TABLE_NAME); RETURN NULL; END $$`);
        for (const table of ['stage_rules', 'sla_rules', 'business_hours']) {
            await queryRunner.query(`CREATE TRIGGER trg_${table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION settings_changed()`);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['stage_rules', 'sla_rules', 'business_hours']) {
            await queryRunner.query(`DROP TRIGGER trg_${table}_changed ON ${table}`);
        }
        await queryRunner.query(`DROP FUNCTION settings_changed()`);
    }
}
