// Reports over rollups: trend, launch reception, compare, trust index (see each module).
export { planBuckets, checkTimeZone, offsetMinutes, BUCKET_SIZES, type BucketSize, type BucketPlan } from './buckets.js';
export { computeTrend, trendReport, trendTable, defaultRange, type TrendReport, type TrendQuery } from './trend.js';
export { computeReception, receptionReport, type ReceptionReport } from './reception.js';
export { computeCompare, compareLaunches, compareBrands, compareTable, type CompareReport } from './compare.js';
export { trustIndex, rankTrust, responsiveness, trustReport, TRUST_WEIGHTS, type TrustIndex, type TrustReport } from './trust.js';
export { toCsv, csvCell } from './csv.js';
export { ReportCache } from './cache.js';
