import { placeKeys } from './unit-place-names';

describe('placeKeys', () => {
  it.each([
    [{ city: 'Seattle', area: 'Capitol Hill/Madison Park', zip: '98112' }, ['seattle', 'capitol hill/madison park', 'capitol hill', 'madison park', '98112']],
    [{ city: 'Kent', area: null, zip: null }, ['kent']],
    [{ city: 'Bellevue', area: 'Lake Hills', zip: '98007' }, ['bellevue', 'lake hills', '98007']],
  ])('%j answers to %j', (unit, keys) => {
    expect(placeKeys(unit)).toEqual(keys);
  });
});
