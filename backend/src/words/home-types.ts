/**
 * The kinds of home: a unit is one, and a buyer's wish names some. Shared vocabulary of inventory
 * (units) and leads (profiles), so it lives here rather than in either: neither imports the other.
 * Plain TypeScript with no imports, like broker-words.ts.
 */
export enum UnitType {
  House = 'house',
  Townhouse = 'townhouse',
  Condo = 'condo',
  Apartment = 'apartment',
  Land = 'land',
}
