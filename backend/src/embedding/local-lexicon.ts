/**
 * The hand-curated real-estate lexicon behind LocalHashEmbedder. It exists so that the words a buyer
 * types meet the words the listings use (see backend/src/seed/listings.ts: unit titles, features and
 * descriptions are templated from numeric fields, so a listing says "waterfront", "great view",
 * "single-level", "needs some work", "1.49-acre … lot", "4 bedrooms", "3,200 sq ft of living space",
 * never "lakefront", "rambler", "home office" or "big yard").
 *
 * A phrase found in a text adds the entry's concept features (`concept:<name>`, with the weight given)
 * on top of the ordinary word features. Phrases are matched on the same tokens the embedder makes:
 * lower-cased, accent-folded, lightly stemmed ("views" = "view", "remodeled" = "remodel"), punctuation
 * dropped ("single-level" = "single level", "3-bed" = "3 bed"). The longest phrase starting at a token
 * wins, so "lake view" (view + some waterfront) is used rather than "lake" (waterfront) then "view".
 * A phrase right after "no", "not", "without" or "non" adds no concept (a crude negation guard: the
 * words themselves still count, so "no basement" still looks a little like "basement").
 *
 * Changing anything here changes vectors: bump LOCAL_HASH_ALGORITHM_VERSION in local-hash-embedder.ts
 * so stored unit embeddings are recomputed. Documented in docs/EMBEDDINGS.md.
 */

export type Concept =
  | 'waterfront'
  | 'view'
  | 'great-view'
  | 'extra-room'
  | 'spacious'
  | 'compact'
  | 'quiet'
  | 'large-lot'
  | 'new'
  | 'renovated'
  | 'fixer'
  | 'move-in-ready'
  | 'luxury'
  | 'basement'
  | 'single-level'
  | 'condo'
  | 'townhouse'
  | 'house';

export interface LexiconEntry {
  /** Concepts the phrases stand for, with a weight (1 = the phrase says it outright). */
  concepts: Partial<Record<Concept, number>>;
  phrases: string[];
}

export const CONCEPT_LEXICON: readonly LexiconEntry[] = [
  // Listings: feature 'waterfront', description "sits right on the waterfront".
  {
    concepts: { waterfront: 1 },
    phrases: [
      'waterfront', 'water front', 'on the water', 'water access', 'waterside', 'lake', 'lakefront', 'lake front', 'lakeside',
      'lakeshore', 'on the lake', 'beachfront', 'beach front', 'private beach', 'riverfront', 'river front', 'oceanfront',
      'ocean front', 'sound front', 'soundfront', 'bayfront', 'shorefront', 'dock', 'private dock', 'moorage', 'boathouse',
      'boat slip', 'boat dock',
    ],
  },
  { concepts: { waterfront: 0.7 }, phrases: ['beach', 'river', 'ocean', 'puget sound'] },
  // A view of the water is not a home on it, but the two go together.
  { concepts: { view: 1, waterfront: 0.5 }, phrases: ['lake view', 'lakeview', 'water view', 'waterview', 'sound view', 'ocean view', 'river view', 'bay view'] },
  // Listings: feature 'view' (KC view ≥ 1), "enjoys a modest / good view".
  {
    concepts: { view: 1 },
    phrases: [
      'view', 'good view', 'modest view', 'nice view', 'mountain view', 'city view', 'territorial view', 'skyline',
      'skyline view', 'vista', 'overlook', 'overlooking',
    ],
  },
  // Listings: feature 'great view' (KC view ≥ 3), "enjoys a very good / an excellent view".
  {
    concepts: { view: 1, 'great-view': 1 },
    phrases: [
      'great view', 'excellent view', 'very good view', 'stunning view', 'amazing view', 'spectacular view', 'breathtaking view',
      'beautiful view', 'gorgeous view', 'incredible view', 'sweeping view', 'unobstructed view', 'panoramic', 'panoramic view',
      'panorama', 'breathtaking',
    ],
  },
  // Listings never name an office. A 4+ bedroom home or ≥ 2,500 sq ft of living space gets
  // concept:extra-room from the numbers (see local-hash-embedder.ts), so these meet it there.
  {
    concepts: { 'extra-room': 1 },
    phrases: [
      'office', 'home office', 'study', 'den', 'work from home', 'working from home', 'wfh', 'remote work', 'bonus room',
      'flex room', 'flex space', 'guest room', 'guest bedroom', 'spare room', 'spare bedroom', 'extra room', 'extra bedroom',
      'hobby room', 'media room', 'craft room',
    ],
  },
  { concepts: { 'extra-room': 0.6, basement: 0.5 }, phrases: ['in law', 'mother in law', 'in law suite', 'in law unit', 'adu'] },
  // Listings: ≥ 3,000 sq ft of living space (from the numbers).
  {
    concepts: { spacious: 1 },
    phrases: [
      'spacious', 'roomy', 'large home', 'large house', 'big house', 'big home', 'huge house', 'lots of space', 'plenty of space',
      'lots of room', 'plenty of room', 'room to grow', 'sprawling', 'generous space',
    ],
  },
  // Listings: ≤ 1,000 sq ft of living space (from the numbers).
  {
    concepts: { compact: 1 },
    phrases: ['cozy', 'cosy', 'compact', 'starter home', 'first home', 'small home', 'small house', 'downsize', 'downsizing', 'tiny home', 'low maintenance'],
  },
  { concepts: { compact: 0.7, condo: 0.7 }, phrases: ['studio'] },
  // Listings never say "quiet"; a large lot (and, weakly, a single-level home) implies it: CONCEPT_IMPLIES.
  {
    concepts: { quiet: 1 },
    phrases: [
      'quiet', 'peaceful', 'tranquil', 'serene', 'secluded', 'seclusion', 'private', 'privacy', 'cul de sac', 'dead end',
      'dead end street', 'low traffic', 'away from traffic', 'retreat', 'wooded',
    ],
  },
  { concepts: { quiet: 0.6, 'large-lot': 0.6 }, phrases: ['rural', 'countryside', 'country living'] },
  // Listings: feature 'large lot' (≥ half an acre) and lots written in acres (from the numbers).
  {
    concepts: { 'large-lot': 1 },
    phrases: [
      'large lot', 'big lot', 'huge lot', 'oversized lot', 'large yard', 'big yard', 'huge yard', 'big backyard', 'large backyard',
      'acre', 'acreage', 'half acre', 'half an acre', 'room to roam', 'horse property', 'horses', 'farm', 'hobby farm',
    ],
  },
  { concepts: { 'large-lot': 0.6 }, phrases: ['yard', 'backyard', 'back yard', 'garden', 'gardening', 'fenced yard', 'land'] },
  // Listings: feature 'new construction', "New construction, completed in …", "nearly new", "A recent build".
  {
    concepts: { new: 1 },
    phrases: [
      'new', 'brand new', 'newer', 'newly built', 'new build', 'new built', 'new construction', 'new home', 'nearly new', 'recent build',
      'recently built', 'built recently', 'just built', 'never lived in',
    ],
  },
  { concepts: { new: 0.8 }, phrases: ['modern', 'contemporary'] },
  // Listings: feature 'renovated', "renovated in …", "with a renovation in …".
  {
    concepts: { renovated: 1 },
    phrases: [
      'renovated', 'renovation', 'renovate', 'newly renovated', 'remodeled', 'remodelled', 'remodel', 'updated', 'update',
      'fully updated', 'upgraded', 'refurbished', 'restored', 'modernized', 'modernised', 'redone', 'rehabbed', 'new kitchen',
      'new roof', 'new bathroom', 'new appliances', 'gut renovation',
    ],
  },
  // Listings: feature 'fixer-upper' (KC condition ≤ 2), "needs major repairs", "needs some work".
  {
    concepts: { fixer: 1 },
    phrases: [
      'fixer', 'fixer upper', 'handyman', 'handyman special', 'needs work', 'needs some work', 'needs tlc', 'tlc',
      'needs major repairs', 'needs repairs', 'major repairs', 'investor special', 'sweat equity', 'diamond in the rough',
      'teardown', 'tear down', 'distressed', 'project home',
    ],
  },
  { concepts: { fixer: 0.6 }, phrases: ['as is'] },
  // Listings: feature 'excellent condition' (KC condition 5), "is in excellent / good condition".
  {
    concepts: { 'move-in-ready': 1 },
    phrases: [
      'excellent condition', 'move in ready', 'turnkey', 'turn key', 'immaculate', 'pristine', 'well maintained', 'well kept',
      'mint condition', 'great condition', 'perfect condition',
    ],
  },
  { concepts: { 'move-in-ready': 0.5 }, phrases: ['good condition'] },
  // Listings: feature 'luxury' (KC building grade ≥ 11: custom design and finishes).
  {
    concepts: { luxury: 1 },
    phrases: [
      'luxury', 'luxurious', 'high end', 'upscale', 'custom', 'custom built', 'custom home', 'premium', 'executive', 'estate',
      'prestigious', 'elegant', 'designer', 'top of the line', 'gourmet kitchen', 'chef kitchen', 'chefs kitchen', 'wine cellar',
      'mansion',
    ],
  },
  // Listings: feature 'basement', "has a 910 sq ft basement".
  {
    concepts: { basement: 1 },
    phrases: ['basement', 'lower level', 'daylight basement', 'finished basement', 'walkout basement', 'walk out basement', 'cellar'],
  },
  { concepts: { basement: 0.5 }, phrases: ['downstairs', 'rec room'] },
  // Listings: feature 'single-level' (floors = 1).
  {
    concepts: { 'single-level': 1 },
    phrases: [
      'single level', 'one level', 'one story', 'one storey', 'single story', 'single storey', 'rambler', 'ranch', 'ranch style',
      'no stairs', 'no steps', 'step free', 'main floor living', 'main level living', 'all on one floor', 'one floor', 'single floor',
      'wheelchair', 'accessible',
    ],
  },
  // Unit types (the listing's own type word is also in its text).
  { concepts: { condo: 1 }, phrases: ['condo', 'condominium', 'apartment', 'loft', 'penthouse'] },
  { concepts: { townhouse: 1 }, phrases: ['townhouse', 'townhome', 'town home', 'town house', 'row house', 'rowhouse', 'attached home'] },
  // Nine listings in ten are houses, so the word says little: a low weight.
  { concepts: { house: 0.5 }, phrases: ['house', 'single family', 'single family home', 'detached', 'detached house', 'standalone house'] },
];

/**
 * Concepts that suggest others, at a fraction of their weight: a half-acre lot is usually quieter,
 * a one-storey rambler a little. Applied to every occurrence of the source concept.
 */
export const CONCEPT_IMPLIES: Partial<Record<Concept, Partial<Record<Concept, number>>>> = {
  'large-lot': { quiet: 0.5 },
  'single-level': { quiet: 0.3 },
};

/**
 * Phrases that contain a lexicon word but add NO concept: mostly King County place names from
 * backend/src/seed/king-county-areas.ts ("Lake City" is a neighbourhood, not a lake), and a few
 * idioms. local-hash-embedder.spec.ts checks that every area and city name in that table yields no
 * concept. A brokerage elsewhere should add its own place names here.
 */
export const CONCEPT_GUARDS: readonly string[] = [
  'real estate', 'quarter acre',
  // King County areas and cities.
  'lake city', 'south lake union', 'bitter lake', 'haller lake', 'angle lake', 'lake forest park', 'cottage lake', 'lake hills',
  'totem lake', 'pine lake', 'panther lake', 'twin lakes', 'richmond beach', 'rainier beach', 'redondo beach', 'alki beach',
  'view ridge',
];

/** Words that turn off the concept of a phrase directly after them ("no stairs" is itself a phrase). */
export const NEGATIONS: readonly string[] = ['no', 'not', 'without', 'non'];

/** Dropped from word features (phrases above may still use them). Also buyer filler ("looking for", "need"). */
export const STOP_WORDS: readonly string[] = [
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'then', 'else', 'of', 'at', 'by', 'for', 'with', 'about', 'against', 'between',
  'into', 'through', 'during', 'before', 'after', 'above', 'below', 'to', 'from', 'up', 'down', 'in', 'out', 'on', 'off', 'over',
  'under', 'again', 'further', 'once', 'here', 'there', 'when', 'where', 'why', 'how', 'all', 'any', 'both', 'each', 'few', 'more',
  'most', 'other', 'some', 'such', 'no', 'nor', 'not', 'only', 'own', 'same', 'so', 'than', 'too', 'very', 'can', 'will', 'just',
  'should', 'now', 'i', 'me', 'my', 'myself', 'we', 'our', 'ours', 'ourselves', 'you', 'your', 'yours', 'yourself', 'yourselves',
  'he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself', 'it', 'its', 'itself', 'they', 'them', 'their', 'theirs',
  'themselves', 'what', 'which', 'who', 'whom', 'this', 'that', 'these', 'those', 'am', 'is', 'are', 'was', 'were', 'be', 'been',
  'being', 'have', 'has', 'had', 'having', 'do', 'does', 'did', 'doing', 'would', 'could', 'might', 'must', 'shall', 'may',
  'also', 'im', 'ive', 'id', 'were', 'theyre', 'dont', 'doesnt', 'without', 'within', 'near', 'around', 'like', 'want', 'wants',
  'wanted', 'need', 'needs', 'needed', 'looking', 'look', 'seeking', 'searching', 'prefer', 'preferably', 'ideally', 'please',
  'thanks', 'thank', 'hi', 'hello', 'something', 'anything', 'somewhere', 'place', 'really', 'much', 'many', 'get',
];

/**
 * Words every templated listing repeats ("3 bedrooms, 2 bathrooms and 1,180 sq ft of living space on
 * a 5,650 sq ft lot … built in 1955 … in average condition"). They say nothing about which listing
 * fits, so their word features are kept at LOW_INFORMATION_FACTOR and get no character n-grams.
 * Bedroom and bathroom counts are captured separately as bedrooms:N / bathrooms:N.
 */
export const LOW_INFORMATION_WORDS: readonly string[] = [
  'bed', 'beds', 'bedroom', 'bedrooms', 'bath', 'baths', 'bathroom', 'bathrooms', 'sq', 'ft', 'sqft', 'square', 'feet', 'foot',
  'living', 'space', 'lot', 'built', 'build', 'condition', 'average', 'date', 'dates', 'originally', 'offer', 'offers', 'set',
  'home', 'property', 'listed', 'enjoy', 'enjoys', 'sit', 'sits', 'right', 'completed', 'recent', 'nearly',
];
export const LOW_INFORMATION_FACTOR = 0.3;

/** Spelled-out numbers read as digits ("three-bedroom" = "3-bedroom"). */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};

/** After a number: "3 bed", "3-bedroom", "3br", "3 bdrm" → bedrooms:3. */
export const BEDROOM_WORDS: readonly string[] = ['bed', 'beds', 'bedroom', 'bedrooms', 'br', 'brs', 'bd', 'bds', 'bdr', 'bdrm', 'bdrms', 'bedrm', 'bedrms'];
/** After a number: "2 bath", "2.5 bathrooms", "2ba" → bathrooms:2 (see bathroomCount). */
export const BATHROOM_WORDS: readonly string[] = ['bath', 'baths', 'bathroom', 'bathrooms', 'ba', 'bth', 'bathrm', 'bathrms'];
/** After a number: "1.49-acre", "2 acres" → concept:large-lot when ≥ LARGE_LOT_ACRES. */
export const ACRE_WORDS: readonly string[] = ['acre', 'acres'];
/** After a number: "5,650 sq ft", "2000 sqft", "1,800 square feet"; the next word says lot, basement or (else) living space. */
export const SQFT_UNITS: readonly string[] = ['sq ft', 'sq feet', 'sqft', 'square feet', 'square foot', 'square ft', 'sf'];

/** Same threshold as the listings' 'large lot' feature (half an acre). */
export const LARGE_LOT_ACRES = 0.5;
export const LARGE_LOT_SQFT = 21_780;
/** Living space at or above this → concept:spacious; at or above EXTRA_ROOM_SQFT → concept:extra-room (0.5). */
export const SPACIOUS_SQFT = 3_000;
export const EXTRA_ROOM_SQFT = 2_500;
/** Living space at or below this → concept:compact. */
export const COMPACT_SQFT = 1_000;
/** This many bedrooms or more → concept:extra-room (0.6): room for an office or a guest. */
export const EXTRA_ROOM_BEDROOMS = 4;
