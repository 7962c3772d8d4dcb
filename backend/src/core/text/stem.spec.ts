import { stem } from './stem';

describe('stem', () => {
  it('stems plurals, -ing and -ed lightly', () => {
    expect(stem('views')).toBe(stem('view'));
    expect(stem('bedrooms')).toBe(stem('bedroom'));
    expect(stem('remodeled')).toBe(stem('remodel'));
    expect(stem('renovated')).toBe(stem('renovate'));
    expect(stem('properties')).toBe('property');
    expect(stem('gardening')).toBe('garden');
  });
});
