import { Injectable } from '@nestjs/common';
import { notFound } from '../core/http/domain-error';
import { InventoryService } from '../inventory/inventory.service';
import { MatchingService } from '../matching/matching.service';
import { formatMoney } from '../words/broker-words';
import { SellerReportDto } from './viewing-feedback.dto';
import { ViewingFeedbackRepository } from './viewing-feedback.repository';
import { addressOf } from './viewings.service';
import { ViewingsRepository } from './viewings.repository';

/** "Dana Kowalski" → "Dana K.": all a seller reads of who said what. */
export function firstNameAndInitial(name: string): string {
  const [first, ...rest] = name.trim().split(/\s+/);
  const last = rest.at(-1);
  return first ? `${first}${last ? ` ${last[0].toUpperCase()}.` : ''}` : 'A buyer';
}

/**
 * A home's report for its seller: viewings held, what buyers said and how the price felt, and how
 * many open leads it fits now. Names no lead beyond a first name and initial; counts are brokerage-wide.
 */
@Injectable()
export class SellerReportService {
  constructor(
    private readonly inventory: InventoryService,
    private readonly matching: MatchingService,
    private readonly viewings: ViewingsRepository,
    private readonly feedback: ViewingFeedbackRepository,
  ) {}

  async report(unitId: string, now = new Date()): Promise<SellerReportDto> {
    const unit = await this.inventory.findUnit(unitId);
    if (!unit) throw notFound('Unit');
    const [counts, s, buyers] = await Promise.all([this.viewings.countsForUnit(unitId, now), this.feedback.summaryForUnit(unitId), this.matching.countBuyersFor(unitId)]);
    return {
      unitId,
      ref: unit.ref,
      title: unit.title,
      address: addressOf(unit),
      price: formatMoney(unit.price, unit.currency),
      viewingsHeld: counts.held,
      viewingsUpcoming: counts.upcoming,
      feedbackCount: s.feedbackCount,
      liked: s.liked,
      disliked: s.disliked,
      commonLikes: s.commonLikes,
      commonDislikes: s.commonDislikes,
      pricePerception: { tooHigh: s.tooHigh, aboutRight: s.aboutRight, goodValue: s.goodValue },
      quotes: s.quotes.map((q) => ({ text: q.text, by: firstNameAndInitial(q.name), liked: q.liked, at: new Date(q.at).toISOString() })),
      matchingBuyers: buyers ?? 0,
      generatedAt: now.toISOString(),
    };
  }
}
