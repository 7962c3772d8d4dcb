import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InboundSourceEntity, InboundSourceKind } from './inbound-source.entity';

export interface SourceActivityRow {
  sourceId: string;
  lastDeliveryAt: Date | null;
  leads: number;
  failing: number;
}

/** The only place that talks to the database about inbound sources. */
@Injectable()
export class InboundSourcesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(InboundSourceEntity);
  }

  /** Inserts a source; null when its key is taken. */
  async insert(source: Pick<InboundSourceEntity, 'key' | 'name' | 'kind' | 'secret' | 'mapping'>): Promise<InboundSourceEntity | null> {
    const rows = await this.db.query<{ id: string }[]>(
      `INSERT INTO inbound_sources (key, name, kind, secret, mapping) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING RETURNING id`,
      [source.key, source.name, source.kind, source.secret, JSON.stringify(source.mapping)],
    );
    return rows.length ? this.repo.findOneByOrFail({ id: rows[0].id }) : null;
  }

  list(): Promise<InboundSourceEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  findById(id: string): Promise<InboundSourceEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** An enabled source of the kind, by its key. */
  findEnabled(key: string, kind: InboundSourceKind): Promise<InboundSourceEntity | null> {
    return this.repo.createQueryBuilder('s').where('s.key = :key AND s.kind = :kind AND s.disabled_at IS NULL', { key, kind }).getOne();
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.db.query(`UPDATE inbound_sources SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) ELSE NULL END WHERE id = $1`, [id, disabled]);
  }

  /** Per source: its last event, the leads it made and its events failing or dead. */
  async activity(): Promise<SourceActivityRow[]> {
    const rows = await this.db.query<{ source_id: string; last_at: Date | null; leads: string; failing: string }[]>(
      `SELECT s.id AS source_id,
              max(e.received_at) AS last_at,
              count(DISTINCT e.lead_id) AS leads,
              count(*) FILTER (WHERE e.status IN ('failed', 'dead')) AS failing
         FROM inbound_sources s
         LEFT JOIN webhook_events e ON e.provider IN ('partner', 'web') AND e.payload->>'sourceId' = s.id::text
        GROUP BY s.id`,
    );
    return rows.map((r) => ({ sourceId: r.source_id, lastDeliveryAt: r.last_at, leads: Number(r.leads), failing: Number(r.failing) }));
  }
}
