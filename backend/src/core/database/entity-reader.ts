import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Reads entities out of hand-written SQL, for the few reads on a hot path where building the
 * query through TypeORM costs more than running it. The select list comes from the entity's
 * metadata (so a new column is read without touching the SQL) and each value goes through the
 * driver's own conversion, exactly as `find` would return it.
 *
 *   const leads = new EntityReader(db, LeadEntity, 'l');
 *   sql: `SELECT ${leads.columns} FROM leads l WHERE …`;  rows.map((r) => leads.read(r))
 */
export class EntityReader<T extends ObjectLiteral> {
  private readonly meta: EntityMetadata;
  /** `alias.column AS "alias_column", …` for every column of the entity. */
  readonly columns: string;
  private readonly key: string;

  constructor(
    private readonly db: DataSource,
    target: EntityTarget<T>,
    readonly alias: string,
  ) {
    this.meta = db.getMetadata(target);
    this.columns = this.meta.columns.map((c) => `${alias}.${c.databaseName} AS "${alias}_${c.databaseName}"`).join(', ');
    this.key = `${alias}_${this.meta.primaryColumns[0].databaseName}`;
  }

  /** The entity in `row`, or null when its primary key is null (an outer join that found nothing). */
  read(row: Record<string, unknown>): T | null {
    if (row[this.key] == null) return null;
    const entity = this.meta.create() as T;
    for (const c of this.meta.columns) c.setEntityValue(entity, this.db.driver.prepareHydratedValue(row[`${this.alias}_${c.databaseName}`], c));
    return entity;
  }
}
