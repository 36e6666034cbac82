// The worker's per-brand models (fake-review, aspects) on real SQLite: none saved → the shipped
// ones; a saved model is read once per version (the file is not read again while the version
// stands); a stored file that does not load as a model is logged and the shipped one used.
import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { BrandModels } from '../../jobs/brand-models.js';
import { parseLabelledTsv } from '../../src/scoring/classifier-data.js';
import { trainFakeClassifier } from '../../src/scoring/fake-train.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { brandInput } from '../store/factories.js';

const HARD = parseLabelledTsv(readFileSync(new URL('../fixtures/fake-hard/reviews.tsv', import.meta.url), 'utf8')).rows;

describe('BrandModels', () => {
  it('follows the store by version, reads a file once per version, and survives a file that is not a model', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    await store.init();
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, new Writable({ write(chunk, _enc, done) { logged.push(String(chunk)); done(); } }));
    // The real store, counting the reads of whole files.
    let fileReads = 0;
    const counting = Object.assign(Object.create(store) as SqliteStore, {
      getBrandModel: (...a: Parameters<SqliteStore['getBrandModel']>) => { fileReads++; return store.getBrandModel(...a); },
    });
    try {
      const brand = await store.createBrand(brandInput({ name: 'Alba', webhooks: [] }));
      const models = new BrandModels(counting, logger);
      await models.load(brand.id);
      expect(models.peek(brand.id, 'fake')).toBeUndefined();
      expect(models.peek(brand.id, 'aspects')).toBeUndefined();
      expect(fileReads).toBe(0);

      const json = JSON.stringify(trainFakeClassifier(HARD, { name: 'alba:v1' }, { seed: 1 }).toJSON(0.002));
      await store.saveBrandModel(brand.id, 'fake', json, { name: 'alba:v1', meta: {} });
      await models.load(brand.id);
      const m1 = models.peek(brand.id, 'fake');
      expect(m1?.name).toBe('alba:v1');
      await models.load(brand.id);
      expect(models.peek(brand.id, 'fake')).toBe(m1);
      expect(models.peek(brand.id, 'aspects')).toBeUndefined();
      expect(fileReads).toBe(1);

      // An aspect model beside it (here the shipped file, saved as the brand's own).
      await store.saveBrandModel(brand.id, 'aspects', readFileSync(new URL('../../src/scoring/model/aspects.json', import.meta.url), 'utf8'), { name: 'alba:aspects', meta: {} });
      await models.load(brand.id);
      expect(models.peek(brand.id, 'aspects')?.aspects).toContain('quality');
      expect(models.peek(brand.id, 'fake')).toBe(m1);
      expect(fileReads).toBe(2);

      // Written around the API's check (an older version, an edit in the database).
      await store.saveBrandModel(brand.id, 'fake', '{"kind": "not a model"}', { name: 'broken', meta: {} });
      await models.load(brand.id);
      expect(models.peek(brand.id, 'fake')).toBeUndefined();
      await models.load(brand.id);
      expect(models.peek(brand.id, 'fake')).toBeUndefined();
      expect(models.peek(brand.id, 'aspects')).toBeDefined();
      expect(fileReads).toBe(3); // logged once, not read again for every batch
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0]!)).toMatchObject({ brandId: brand.id, kind: 'fake', version: 2, msg: expect.stringMatching(/scoring with the shipped one/) });

      await store.deleteBrandModel(brand.id, 'fake');
      await store.deleteBrandModel(brand.id, 'aspects');
      await models.load(brand.id);
      expect(models.peek(brand.id, 'fake')).toBeUndefined();
      expect(models.peek(brand.id, 'aspects')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
