import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EntityReader } from '../core/database/entity-reader';
import { poolOf, preparedQuery, type Query } from '../core/database/prepared';
import { ViewingEntity } from './viewing.entity';

/** The only place that talks to the database about viewings. */
@Injectable()
export class ViewingsRepository {
  private readonly query: Query;
  private viewingReader: EntityReader<ViewingEntity> | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.query = preparedQuery(poolOf(db));
  }

  /** Built on first use: the entity metadata exists only once the data source is initialised. */
  private get viewings(): EntityReader<ViewingEntity> {
    return (this.viewingReader ??= new EntityReader(this.db, ViewingEntity, 'v'));
  }

  /** Start times already booked for a unit in [from, to). */
  async bookedStarts(unitId: string, from: Date, to: Date): Promise<Date[]> {
    const rows = await this.db.query<{ starts_at: Date }[]>(
      `SELECT starts_at FROM viewings WHERE unit_id = $1 AND status = 'booked' AND starts_at >= $2 AND starts_at < $3`,
      [unitId, from, to],
    );
    return rows.map((r) => new Date(r.starts_at));
  }

  /** The lead's next booked viewing, if any. */
  async findUpcoming(leadId: string, now: Date): Promise<ViewingEntity | null> {
    // The next one from now on: a booked viewing in the past (not yet marked held) must not hide it.
    // On every agent turn, hence a prepared statement rather than a built query.
    const [row] = await this.query<Record<string, unknown>[]>(
      `SELECT ${this.viewings.columns} FROM viewings v WHERE v.lead_id = $1 AND v.status = 'booked' AND v.starts_at >= $2 ORDER BY v.starts_at LIMIT 1`,
      [leadId, now],
    );
    return row ? this.viewings.read(row) : null;
  }

  /**
   * Books a slot unless somebody holds it already (one booked viewing per unit and start time,
   * enforced by a unique index): null when taken.
   */
  async insertIfFree(v: Pick<ViewingEntity, 'leadId' | 'unitId' | 'startsAt' | 'endsAt' | 'timezone' | 'bookedBy'>, tx: EntityManager): Promise<ViewingEntity | null> {
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO viewings (lead_id, unit_id, starts_at, ends_at, timezone, booked_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (unit_id, starts_at) WHERE status = 'booked' DO NOTHING RETURNING id`,
      [v.leadId, v.unitId, v.startsAt, v.endsAt, v.timezone, v.bookedBy],
    );
    if (!rows.length) return null;
    return tx.getRepository(ViewingEntity).findOneOrFail({ where: { id: rows[0].id } });
  }
}
