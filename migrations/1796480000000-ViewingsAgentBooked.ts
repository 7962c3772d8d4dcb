import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Slots (issue 17): an agent's booked viewings by start, for the pool of agents and their calendars
 * in AvailabilityRepository.slotCalendars. Without it a young table (no statistics yet) got nested
 * loops over the whole partial unit index per agent: ~9× a plain SELECT of the same bookings.
 */
export class ViewingsAgentBooked1796480000000 implements MigrationInterface {
    name = 'ViewingsAgentBooked1796480000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "idx_viewings_agent_booked" ON "viewings" ("agent_id", "starts_at") WHERE status = 'booked'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_viewings_agent_booked"`);
    }
}
