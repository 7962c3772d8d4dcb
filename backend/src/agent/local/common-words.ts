/**
 * Everyday English words that are never a place or a person's name on their own and are never
 * typo-corrected into the real-estate vocabulary ("horse" is not a misspelt "house", "least" not
 * "lease", "please" not "lease"). Lower case. Geographic nouns that do occur inside place names
 * (lake, hill, park, bay, north, …) are deliberately absent; see GENERIC_PLACE_WORDS.
 */
const WORDS = `
a about above across actually after afterwards again against ago ahead all almost alone along already also although always am
among an and another any anybody anyone anything anyway anywhere are aren around as ask asked asking at away
back be became because become been before behind being below beside besides best better between beyond both but by
can cannot cant could couldn did didn do does doesn doing don done down during each either else enough especially even ever every
everyone everything everywhere except far few for from further get gets getting give given go goes going gone got gotten had hadn
has hasn have haven having he her here hers herself him himself his how however i if im in inside instead into is isn it its itself
just keep kind last least less let lets like likely little ll lot lots made make makes making many may maybe me meanwhile might
mine more most mostly much must my myself near nearly need needs neither never nevertheless next no nobody none nor not nothing now
nowhere of off often oh ok okay on once one only onto or other others otherwise ought our ours ourselves out outside over own
per perhaps please plus pretty quite rather re really right s said same say says see seem seems seen several shall she should
shouldn since so some somebody someone something sometime sometimes somewhat somewhere soon still such sure t than that thats the
their theirs them themselves then there therefore these they thing things this those though through throughout thru thus till to
together too toward towards under unless until up upon us very via was wasn way we well were weren what whatever when whenever
where whereas wherever whether which while who whoever whole whom whose why will with within without won would wouldn yet you
your yours yourself yourselves ve d m y ll u ur pls plz thx thanks thank ty cheers hi hello hey hiya howdy yo greetings dear
yes yeah yep yup ya yah nope nah sure okay alright fine cool great good nice perfect awesome excellent wonderful lovely
want wants wanted wanting would like liked likes love loved loves prefer prefers preferred preferably ideally hope hoping hoped
look looks looked looking find finding found search searching seek seeking need needed needing require required requirement
move moves moved moving relocate relocating relocation relocated transfer transferring transferred live lives lived living stay
staying stayed work works worked working commute commuting drive driving walk walking bike biking ride take taking took
buy buys buying bought purchase purchasing purchased sell selling sold rent renting rented rental rentals lease leasing leased
own owning owned pay paying paid spend spending spent afford affording cost costs costing price priced prices pricing
call calling called text texting texted email emailing emailed message messaging contact contacting reach reached reply
know knew known think thought thinking believe guess wonder wondering curious interested interesting consider considering
plan plans planning planned try trying tried start starting started begin beginning begun finish finished end ending ended
come comes coming came visit visiting visited view viewing viewed tour touring show showing shown schedule scheduled book booked
meet meeting available availability free busy open close closer closest closing closed nearby next adjacent walkable
tell told help helping helped send sent share check checking checked mean means meant talk talking speak speaking chat
able allowed allow allows ready happy glad sorry afraid worried concerned flexible open fine set done excited
new old older newer big bigger biggest small smaller large larger huge tiny cheap cheaper expensive affordable decent modern
safe safer quiet quieter busy noisy clean bright spacious cozy nice nicer good better great best bad worse worst fancy luxury
family families friendly family-friendly kids kid children child baby babies husband wife partner boyfriend girlfriend son
daughter mom dad mother father parents parent brother sister friend friends roommate roommates dog dogs cat cats pet pets puppy
person people guy guys man men woman women lady ladies everyone folks team agent agents realtor realtors broker brokers
today tonight tomorrow tmrw yesterday morning mornings afternoon afternoons evening evenings night nights noon midday midnight
weekend weekends weekday weekdays week weeks month months year years day days hour hours minute minutes min mins sec moment
time times date dates while soon later early earlier late asap now currently recently lately already immediately eventually
monday mon tuesday tue tues wednesday wed thursday thu thur thurs friday fri saturday sat sunday sun
january jan february feb march mar april apr may june jun july jul august aug september sep sept october oct november nov december dec
spring summer fall autumn winter season quarter half
zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen twenty thirty forty fifty hundred
thousand million billion couple dozen first second third fourth fifth sixth seventh eighth ninth tenth
bedroom bedrooms bed beds bathroom bathrooms bath baths br ba bd bdrm bdrms bds bdr studio studios room rooms
house houses home homes condo condos condominium apartment apartments apt apts flat flats townhouse townhouses townhome townhomes
unit units property properties place places building buildings listing listings land lot lots plot plots space spaces
budget budgets range mortgage mortgages loan loans cash financing finance approved preapproved approval deposit down payment
garage garages parking laundry washer dryer pool pools balcony balconies garden gardens yard yards backyard view views
waterfront fireplace gym elevator lift basement transit schools school shops shopping stores restaurants cafes amenities
furnished unfurnished furniture pet pets animals sqft sq ft feet square foot meters
area areas neighborhood neighborhoods neighbourhood neighbourhoods region vicinity locale location locations zone
city cities town towns suburb suburbs country countryside state place somewhere anywhere everywhere
market process offer offers deal deals contract contracts agreement paperwork law legal tax taxes fee fees commission
general particular total advance mind touch person case fact order terms addition hurry rush interest stock progress
question questions info information details detail photos pictures picture link links number phone cell address name
horse horses mouse mice hose hoses louse rouse douse least lease please tease cease leash lense lens plead pleased
condor condom candy canal hound hours hour course source mortar mortal morgue castle cast case cash wash pool poll cool tool
department departments compartment improved improve approve approves proved probed garbage garages baggage carriage marriage
pleasant present parents patients patient patience furnish punished finished unfinished varnished polished townhall
budge budgie budgets burger badge bedding bedrock bathroom bathtub sunroom mushroom classroom showroom boardroom
basements easement casement element elements lament moment moments payment payments apartheid
leave leaves leaving lead leads layer layers player players barking marking packing parting resting rending
dental mental contrast contractor contractors attached properly washed money thousands billion billions millions
delighted excited invited united limited visited needed wanted
escrow writing shape condition regards regard response reference return exchange charge private public full bulk
summary theory practice reality trouble debt college traffic line queue front rear middle car cars bus train foot bike
mail appointment default chance accident owner owners nature grocery groceries tech healthcare software engineering
marketing sales retail hospitality education medicine government consulting banking real estate
probably possibly definitely certainly honestly mainly hopefully basically maybe either
max min maximum minimum tops approx approximately roughly around ideally
anytime whenever someday
low high principle short future meantime
usd eur gbp aed inr cad aud chf
christmas xmas easter thanksgiving halloween
zillow redfin trulia realtor craigslist rightmove zoopla onthemarket idealista daft domain instagram facebook whatsapp google youtube tiktok linkedin twitter reddit airbnb
lol haha omg btw fyi imo idk tbh np
what's where's who's it's that's there's here's let's i'm i've i'd i'll you're we're they're don't doesn't didn't can't won't isn't aren't
`;

export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w !== ''));

/**
 * Geographic nouns that are part of many place names ("Green Lake", "Capitol Hill") but, alone and
 * in lower case, name no particular place ("near the lake", "close to parks").
 */
export const GENERIC_PLACE_WORDS: ReadonlySet<string> = new Set(
  `lake lakes hill hills park parks beach beaches water ocean sea river bay coast coastal mountain mountains valley
  forest woods center centre central station square street road avenue north south east west northern southern eastern
  western upper lower heights island islands harbor harbour port village airport university
  campus hospital mall church temple mosque synagogue office highway freeway`
    .split(/\s+/)
    .filter((w) => w !== ''),
);
