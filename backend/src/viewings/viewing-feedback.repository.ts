import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ViewingFeedbackEntity } from './viewing-feedback.entity';
import { LeadMergeParticipant, MovedLeadRows, MovesLeadRows } from '../leads/lead-merge-participant';
import { reassignRows, restoreReassigned } from '../core/database/reassign-rows';

/** The lead's feedback follows it (and its viewings) when it is merged into another. */
const MOVED_ON_MERGE = ['viewing_feedback'] as const;

export interface FeatureCount {
  feature: string;
  count: number;
}

/** The feedback a home received, summed up for its seller. */
export interface FeedbackSummary {
  feedbackCount: number;
  liked: number;
  disliked: number;
  tooHigh: number;
  aboutRight: number;
  goodValue: number;
  commonLikes: FeatureCount[];
  commonDislikes: FeatureCount[];
  quotes: { text: string; name: string; liked: boolean; at: Date }[];
}

/** The one writer of `viewing_feedback`, and the reads of it. */
@Injectable()
@MovesLeadRows()
export class ViewingFeedbackRepository implements LeadMergeParticipant {
  /** A merge: the merged lead's feedback goes to the survivor, with the viewings it is about. */
  moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    return reassignRows(tx, MOVED_ON_MERGE, 'lead_id', fromLeadId, toLeadId);
  }

  /** Its undo: the rows moved go back; feedback the survivor got since stays. */
  restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void> {
    return restoreReassigned(tx, MOVED_ON_MERGE, 'lead_id', moved, survivorId, restoredId);
  }

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByViewing(viewingId: string, tx: EntityManager = this.db.manager): Promise<ViewingFeedbackEntity | null> {
    return tx.getRepository(ViewingFeedbackEntity).findOne({ where: { viewingId } });
  }

  /** Stores an answer unless the viewing has one (unique per viewing): null when it had. */
  async insertIfNone(f: Omit<ViewingFeedbackEntity, 'id' | 'createdAt' | 'viewing'>, tx: EntityManager): Promise<ViewingFeedbackEntity | null> {
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO viewing_feedback (viewing_id, unit_id, lead_id, liked, liked_features, disliked_features, price_feeling, comment, source, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (viewing_id) DO NOTHING RETURNING id`,
      [f.viewingId, f.unitId, f.leadId, f.liked, f.likedFeatures, f.dislikedFeatures, f.priceFeeling, f.comment, f.source, f.recordedBy],
    );
    return rows.length ? tx.getRepository(ViewingFeedbackEntity).findOneOrFail({ where: { id: rows[0].id } }) : null;
  }

  /** Feedback of these viewings, by viewing id. */
  async forViewings(viewingIds: string[]): Promise<Map<string, ViewingFeedbackEntity>> {
    if (!viewingIds.length) return new Map();
    const rows = await this.db.getRepository(ViewingFeedbackEntity).createQueryBuilder('f').where('f.viewing_id = ANY(:ids)', { ids: viewingIds }).getMany();
    return new Map(rows.map((r) => [r.viewingId, r]));
  }

  /** Everything said about one home: counts, the features named most, and the latest words (with the lead's name, for initials). */
  async summaryForUnit(unitId: string): Promise<FeedbackSummary> {
    const [totals] = await this.db.query<{ n: number; liked: number; too_high: number; about_right: number; good_value: number }[]>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE liked)::int AS liked, count(*) FILTER (WHERE price_feeling = 'too_high')::int AS too_high,
              count(*) FILTER (WHERE price_feeling = 'about_right')::int AS about_right, count(*) FILTER (WHERE price_feeling = 'good_value')::int AS good_value
         FROM viewing_feedback WHERE unit_id = $1`,
      [unitId],
    );
    const features = (column: 'liked_features' | 'disliked_features') =>
      this.db.query<FeatureCount[]>(`SELECT f AS feature, count(*)::int AS count FROM viewing_feedback, unnest(${column}) AS f WHERE unit_id = $1 GROUP BY f ORDER BY count(*) DESC, f LIMIT 8`, [unitId]);
    const [commonLikes, commonDislikes, quotes] = await Promise.all([
      features('liked_features'),
      features('disliked_features'),
      this.db.query<{ text: string; name: string; liked: boolean; at: Date }[]>(
        `SELECT f.comment AS text, c.name, f.liked, f.created_at AS at FROM viewing_feedback f JOIN leads l ON l.id = f.lead_id JOIN contacts c ON c.id = l.contact_id
          WHERE f.unit_id = $1 AND f.comment IS NOT NULL AND f.comment <> '' ORDER BY f.created_at DESC LIMIT 10`,
        [unitId],
      ),
    ]);
    return { feedbackCount: totals.n, liked: totals.liked, disliked: totals.n - totals.liked, tooHigh: totals.too_high, aboutRight: totals.about_right, goodValue: totals.good_value, commonLikes, commonDislikes, quotes };
  }
}
