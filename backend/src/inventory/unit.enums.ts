// The kinds of home are shared with leads' wishes: defined in words/, part of inventory's vocabulary too.
export { UnitType } from '../words/home-types';

export enum UnitPurpose {
  Sale = 'sale',
  Rent = 'rent',
}

export enum UnitStatus {
  Available = 'available',
  UnderOffer = 'under_offer',
  Sold = 'sold',
  Rented = 'rented',
  OffMarket = 'off_market',
}
