// Options every TrustLens schema shares.
// - String `_id`: our 24-hex ids (and deterministic mention ids), so ids look the same in both stores.
// - No version key, no auto index/collection creation: MongoStore.init() creates both explicitly,
//   once, and reports failures instead of leaving them to background promises.
// - minimize: false keeps empty objects ({} source state, {} rollup aspects) as written.
import type { SchemaOptions } from 'mongoose';

export function schemaOptions(collection: string): SchemaOptions {
  return { collection, versionKey: false, autoIndex: false, autoCreate: false, minimize: false, strict: true, _id: true, id: false };
}
