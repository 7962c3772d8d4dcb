import { DomainError } from '../core/http/domain-error';
import { csvTableName } from './analytics-csv';

describe('csvTableName: which table of a figure a CSV download is', () => {
  it('defaults to the figure\'s first table and accepts each of its own', () => {
    expect(csvTableName('sources', undefined)).toBe('sources');
    expect(csvTableName('sources', 'lead-ads')).toBe('lead-ads');
  });

  // Found by the API fuzz: `table=__proto__` passed the check and the export answered 500.
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'nope'])('refuses %s with a 400 that lists the tables', (table) => {
    let thrown: unknown;
    try {
      csvTableName('sources', table);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('unknown_table');
    expect((thrown as DomainError).message).toBe("This figure's tables are: sources, lead-ads");
  });
});
