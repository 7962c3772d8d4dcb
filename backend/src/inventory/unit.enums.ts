export enum UnitType {
  House = 'house',
  Townhouse = 'townhouse',
  Condo = 'condo',
  Apartment = 'apartment',
  Land = 'land',
}

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
