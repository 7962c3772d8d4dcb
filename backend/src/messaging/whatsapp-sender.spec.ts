import { splitText, unitList } from './whatsapp-sender';

describe('WhatsApp message shapes', () => {
  it('splits at 4,096 code points without cutting an emoji, preferring word boundaries', () => {
    const text = '🏠'.repeat(5000);
    const parts = splitText(text);
    expect(parts.map((p) => Array.from(p).length)).toEqual([4096, 904]);
    expect(parts.join('')).toBe(text);
    const words = splitText('abc '.repeat(2000).trim());
    expect(words.every((p) => !p.startsWith(' ') && Array.from(p).length <= 4096 && p.endsWith('abc'))).toBe(true);
    expect(splitText('short')).toEqual(['short']);
  });

  it('unit suggestions: at most 10 rows, titles at most 24 characters, a link to each unit in the body', () => {
    const units = Array.from({ length: 12 }, (_, i) => ({ id: `u${i}`, title: `Sunny two-bedroom condo near Green Lake #${i}`, description: '2 bd · 1 ba · $650,000', url: `https://crm.example/u/u${i}` }));
    const list = unitList('Three homes that fit what you told me:', units) as { body: { text: string }; action: { sections: { rows: { id: string; title: string }[] }[] } };
    const rows = list.action.sections[0].rows;
    expect(rows).toHaveLength(10);
    for (const r of rows) expect(Array.from(r.title).length).toBeLessThanOrEqual(24);
    expect(list.body.text).toContain('https://crm.example/u/u0');
    expect(Array.from(list.body.text).length).toBeLessThanOrEqual(1024);
  });

  it('unit suggestions without a listing site: the rows alone, no link lines', () => {
    const list = unitList('Here are 2 homes that fit.', [{ id: 'a', title: 'Loft in Ballard' }, { id: 'b', title: 'Condo in Fremont' }]) as { body: { text: string }; action: { sections: { rows: { title: string }[] }[] } };
    expect(list.body.text).toBe('Here are 2 homes that fit.');
    expect(list.action.sections[0].rows.map((r) => r.title)).toEqual(['Loft in Ballard', 'Condo in Fremont']);
  });
});
