import { parse } from 'csv-parse/sync';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

/** A multipart body with one file in the field `file`, built by hand so the test sends exactly these bytes. */
export function multipartFile(content: Buffer | string, fileName = 'leads.csv', field = 'file'): { payload: Buffer; contentType: string } {
  const boundary = `----openhouse${Math.random().toString(36).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Issue 15 point 5: CSV import through the API and a separate worker process on the
 * PostgreSQL-backed queue, with the mess real files have.
 */
describe('CSV import of leads (HTTP + worker process, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let worker: WorkerProcess;

  beforeAll(async () => {
    t = await createTestApp({ IMPORT_MAX_BYTES: String(256 * 1024), IMPORTS_DIR: `/tmp/openhouse-imports-${process.pid}` });
    admin = await login(t);
    worker = await startWorker({ DATABASE_URL: t.url, IMPORTS_DIR: `/tmp/openhouse-imports-${process.pid}` });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await t.close();
  });

  const upload = async (content: Buffer | string, token = admin, fileName = 'leads.csv') => {
    const { payload, contentType } = multipartFile(content, fileName);
    const res = await t.app.inject({ method: 'POST', url: '/api/imports', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload });
    return { status: res.statusCode, body: JSON.parse(res.body) as Json };
  };
  const start = (id: string, body: Json, token = admin) => t.request({ method: 'POST', url: `/api/imports/${id}/start`, token, body });
  const finished = (id: string, token = admin) =>
    waitFor(`import ${id}`, async () => {
      const r = await t.request({ method: 'GET', url: `/api/imports/${id}`, token });
      return r.body.status === 'done' || r.body.status === 'failed' ? (r.body as Json) : null;
    });
  const leadCount = async () => Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM leads`))[0].n);

  // The mess: a BOM, semicolons, a quoted newline, an Excel serial date and an ISO one, budgets
  // in words, phones from the US, the UK (with and without +44) and Spain, a bad email, a bad phone,
  // a row with a cell missing, and the same person twice (different spelling of the email).
  const MESSY =
    '\uFEFFFull Name;E-mail;Mobile;Budget;Beds;Date added;Notes\r\n' +
    'Jane Miller;jane.miller@gmail.com;(206) 555-0101;$450k-600k;3;45292;"Wants a yard;\nno HOA"\r\n' +
    'Tom Brown;tom@example.co.uk;+44 20 7946 0123;€300.000;2;2024-02-10;\r\n' +
    'Ana García;ana@example.es;+34 612 345 678;up to 1.2M;4;3/5/2024;Habla español\r\n' +
    'Bad Email;not-an-email;;;;;\r\n' +
    'Bad Phone;;12345;;;;\r\n' +
    'Short Row;short@example.com\r\n' +
    'Jane M.;JANE.MILLER+ads@googlemail.com;;;;;Second form fill\r\n' +
    '=HYPERLINK("http://evil.test","x");evil@example.com;;;;;\r\n';

  let messyId: string;

  it('recognises the file: separator, header, preview and a suggested mapping; nothing is imported yet', async () => {
    const before = await leadCount();
    const res = await upload(MESSY);
    expect(res.status).toBe(201);
    messyId = res.body.id;
    expect(res.body).toMatchObject({ status: 'uploaded', delimiter: ';', headers: ['Full Name', 'E-mail', 'Mobile', 'Budget', 'Beds', 'Date added', 'Notes'] });
    expect(res.body.preview[0]).toEqual(['Jane Miller', 'jane.miller@gmail.com', '(206) 555-0101', '$450k-600k', '3', '45292', 'Wants a yard;\nno HOA']);
    expect(res.body.mapping).toEqual({ name: 'Full Name', email: 'E-mail', phone: 'Mobile', budget: 'Budget', bedrooms: 'Beds', createdAt: 'Date added', note: 'Notes' });
    expect(await leadCount()).toBe(before);
  });

  it('a dry run reports what would happen and writes no lead', async () => {
    const before = await leadCount();
    const mapping = { name: 'Full Name', email: 'E-mail', phone: 'Mobile', budget: 'Budget', bedrooms: 'Beds', createdAt: 'Date added', note: 'Notes' };
    const res = await start(messyId, { mapping, dryRun: true, saveMappingAs: 'Portal export' });
    expect(res.status).toBe(202);
    const done = await finished(messyId);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'done', dryRun: true, progress: { rowsDone: 8, totalRows: 8 }, counts: { created: 4, updated: 0, merged: 1, skipped: 3 } });
    expect(await leadCount()).toBe(before);
    const saved = await t.request({ method: 'GET', url: '/api/imports/mappings?kind=leads', token: admin });
    expect(saved.body).toEqual([expect.objectContaining({ name: 'Portal export', mapping })]);
  });

  it('imports for real: honest counts, normalised phones of several countries, Excel dates, in-file duplicates merged, reasons per skipped row', async () => {
    const res = await start(messyId, { mapping: { name: 'Full Name', email: 'E-mail', phone: 'Mobile', budget: 'Budget', bedrooms: 'Beds', createdAt: 'Date added', note: 'Notes' } });
    expect(res.status).toBe(202);
    const done = await finished(messyId);
    expect(done).toMatchObject({ status: 'done', dryRun: false, progress: { rowsDone: 8, totalRows: 8, etaSeconds: 0 }, counts: { created: 4, updated: 0, merged: 1, skipped: 3 } });

    const rows = await t.db.query<Json[]>(
      `SELECT c.name, c.email, c.phone_e164, l.source, l.created_at, p.budget_min, p.budget_max, p.currency, p.bedrooms
         FROM leads l JOIN contacts c ON c.id = l.contact_id JOIN lead_profiles p ON p.lead_id = l.id WHERE l.source_ref LIKE $1 ORDER BY c.name`,
      [`${messyId}#%`],
    );
    expect(rows.map((r) => [r.name, r.phone_e164])).toEqual([
      ['=HYPERLINK("http://evil.test","x")', null],
      ['Ana García', '+34612345678'],
      ['Jane Miller', '+12065550101'],
      ['Tom Brown', '+442079460123'],
    ]);
    const jane = rows.find((r) => r.name === 'Jane Miller')!;
    expect(jane).toMatchObject({ source: 'import', budget_min: '450000', budget_max: '600000', currency: 'USD', bedrooms: 3 });
    expect(new Date(jane.created_at).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(rows.find((r) => r.name === 'Tom Brown')).toMatchObject({ budget_max: '300000', currency: 'EUR' });

    const rej = await t.request({ method: 'GET', url: `/api/imports/${messyId}/rejections`, token: admin });
    expect(rej.body.items.map((r: Json) => [r.row, r.reason])).toEqual([
      [4, 'Email "not-an-email" is not an email address'],
      [5, 'Phone "12345" is not a phone number we can read (add the country code, e.g. +44)'],
      [6, 'The row has 2 cells; the header has 7'],
    ]);
    // Jane's second row (googlemail, +tag, capitals) went into her lead, on its timeline.
    const timeline = await t.db.query<Json[]>(`SELECT summary FROM activities a JOIN leads l ON l.id = a.lead_id JOIN contacts c ON c.id = l.contact_id WHERE c.name = 'Jane Miller' ORDER BY a.id`);
    expect(timeline.map((a) => a.summary)).toEqual(expect.arrayContaining(['Imported from leads.csv (row 1)', 'Wants a yard;\nno HOA', 'Row 7 of leads.csv is the same person; nothing new']));
  });

  it('downloads the rejected rows as CSV with the reason, formula cells escaped', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/imports/${messyId}/rejections.csv`, headers: { authorization: `Bearer ${admin}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="leads-rejected.csv"');
    const rows: string[][] = parse(res.body, { bom: true, relax_column_count: true });
    expect(rows[0]).toEqual(['Full Name', 'E-mail', 'Mobile', 'Budget', 'Beds', 'Date added', 'Notes', 'Row', 'Problem']);
    expect(rows[1]).toEqual(['Bad Email', 'not-an-email', '', '', '', '', '', '4', 'Email "not-an-email" is not an email address']);
    expect(rows[3].slice(-2)).toEqual(['6', 'The row has 2 cells; the header has 7']);
  });

  it('a second file with known people updates their leads (fills gaps only) and keeps people an agent cannot see apart', async () => {
    const agent = await createAgent(t, admin, 'Iris Importer');
    // Tom's lead is unassigned (an admin's import): visible to the agent. Make one the agent cannot see.
    const other = await createAgent(t, admin, 'Hidden Hank');
    const hidden = await t.request({ method: 'POST', url: '/api/leads', token: other.token, body: { source: 'phone', contact: { name: 'Secret Sue', email: 'sue@example.org' } } });
    expect(hidden.status).toBe(201);
    const csv = 'name,email,phone,bedrooms\nTom Brown,tom@example.co.uk,,3\nSue S,sue@example.org,,2\n';
    const up = await upload(csv, agent.token, 'second.csv');
    expect(up.status).toBe(201);
    expect(up.body.delimiter).toBe(',');
    // The admin's import is not the agent's: it answers like one that does not exist.
    expect((await t.request({ method: 'GET', url: `/api/imports/${messyId}`, token: agent.token })).status).toBe(404);
    expect((await start(up.body.id, { mapping: { name: 'name', email: 'email', phone: 'phone', bedrooms: 'bedrooms' } }, agent.token)).status).toBe(202);
    const done = await finished(up.body.id, agent.token);
    expect(done.counts).toEqual({ created: 1, updated: 1, merged: 0, skipped: 0, possibleDuplicates: 1 });
    const tom = await t.db.query<Json[]>(`SELECT p.bedrooms FROM leads l JOIN contacts c ON c.id = l.contact_id JOIN lead_profiles p ON p.lead_id = l.id WHERE c.email = 'tom@example.co.uk'`);
    expect(tom).toEqual([{ bedrooms: 2 }]);
    const pair = await t.db.query<Json[]>(`SELECT origin, evidence FROM duplicate_candidates d JOIN contacts c ON c.id = d.other_contact_id WHERE c.email = 'sue@example.org'`);
    // Put up for review with the same evidence as any other way in.
    expect(pair).toEqual([{ origin: 'import', evidence: expect.arrayContaining(['email sue@example.org equal']) }]);
  });

  it('a worker SIGKILLed mid-import: after a restart the import finishes, every row imported exactly once', async () => {
    const rows = 4000;
    const csv = 'name,email\n' + Array.from({ length: rows }, (_, i) => `Kill Test ${i},kill.${i}@example.net`).join('\n') + '\n';
    const up = await upload(csv, admin, 'kill.csv');
    expect(up.status).toBe(201);
    expect((await start(up.body.id, { mapping: { name: 'name', email: 'email' } })).status).toBe(202);
    // Killed once a batch has committed and before the last one has.
    await waitFor('a committed batch', async () => {
      const p = (await t.request({ method: 'GET', url: `/api/imports/${up.body.id}`, token: admin })).body.progress as Json;
      return p.rowsDone > 0;
    });
    await worker.stop('SIGKILL');
    const before = (await t.request({ method: 'GET', url: `/api/imports/${up.body.id}`, token: admin })).body as Json;
    worker = await startWorker({ DATABASE_URL: t.url, IMPORTS_DIR: `/tmp/openhouse-imports-${process.pid}` });
    const done = await finished(up.body.id);
    expect(done.status).toBe('done');
    expect(done.counts).toMatchObject({ created: rows, skipped: 0 });
    // Each row once: no lead twice for a row the dead worker had already committed.
    const imported = await t.db.query<{ n: string; distinct_rows: string }[]>(`SELECT count(*) AS n, count(DISTINCT source_ref) AS distinct_rows FROM leads WHERE source_ref LIKE $1`, [`${up.body.id}#%`]);
    expect(imported[0]).toEqual({ n: String(rows), distinct_rows: String(rows) });
    // The kill really happened mid-way (otherwise this test shows nothing).
    expect(before.status).not.toBe('done');
  }, 240_000);

  it('tab-separated files and a start with a column that does not exist', async () => {
    const up = await upload('Name\tEmail\nLia Tab\tlia@example.com\n');
    expect(up.status).toBe(201);
    expect(up.body.delimiter).toBe('\t');
    const bad = await start(up.body.id, { mapping: { name: 'Name', email: 'Mail' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('The file has no column "Mail"');
  });

  describe('bad input: a clear 4xx, nothing written', () => {
    const importCount = async () => Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM import_jobs`))[0].n);

    it.each([
      ['not CSV (a PNG)', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), 400, 'not_csv'],
      ['not CSV (an Excel workbook)', Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('[Content_Types].xml xl/workbook.xml'.padEnd(200, ' '))]), 400, 'not_csv'],
      ['no header', 'Jane Doe,jane@example.com,+12065550101\nJohn Roe,john@example.com,+12065550102\n', 400, 'no_header'],
      ['not UTF-8', Buffer.from('Name,Email\nJos\xe9,jose@example.com\n', 'latin1'), 400, 'not_utf8'],
      ['empty', '', 400, 'empty_file'],
      ['header only', 'Name,Email\n', 400, 'no_rows'],
      ['an unclosed quote', 'Name,Email\n"Jane,jane@example.com\n', 400, 'not_csv'],
    ])('%s', async (_what, content, status, code) => {
      const before = await importCount();
      const res = await upload(content);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, code });
      expect(await importCount()).toBe(before);
    });

    it('too large: 413 with a clear JSON message, by the declared size and while streaming', async () => {
      const before = await importCount();
      const big = 'Name,Email\n' + 'Some Body,some.body@example.com\n'.repeat(12_000);
      const res = await upload(big);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'file_too_large', message: 'A CSV file can be at most 0 MB; split it into smaller files' });
      // A client that declares 2 GB is refused before a byte is read.
      const declared = await t.app.inject({ method: 'POST', url: '/api/imports', headers: { authorization: `Bearer ${admin}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(2 * 1024 ** 3) }, payload: '--x--' });
      expect(declared.statusCode).toBe(413);
      expect(await importCount()).toBe(before);
    });
  });
});
