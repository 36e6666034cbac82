// Public API of the scoring layer. Other layers import from here, not from the files behind it.
export { tokenize, words, fold, squeeze, type Token } from './tokens.js';
export { detectLanguage, type LanguageGuess } from './language.js';
export { scoreSentiment, type SentimentInput } from './sentiment.js';
export { extractAspects } from './aspects.js';
export { aspectModelFromFile, aspectModelFileInfo, type AspectModel, type AspectModelFile } from './aspect-model.js';
export { scoreFake, behaviourOf, type FakeInput, type BehaviourContext } from './fake.js';
export { loadFakeModel, fakeModelFromJson, fakeModelFileInfo, shippedFakeModel, type FakeModel } from './fake-model.js';
export { trainFakeClassifier, crossValidateFake, predictFakeRow } from './fake-train.js';
export { DuplicateIndex, type DuplicateMatch, type MinHashOptions } from './minhash.js';
export { TextClassifier, type ClassifierJson, type FeatureSpec, type Sample } from './classifier.js';
export { binaryMetrics, rocAuc, crossValidate, stratifiedFolds, type BinaryMetrics } from './classifier-metrics.js';
export { parseLabelledTsv, type LabelledRow } from './classifier-data.js';
export { extractClaims, CLAIM_CATEGORIES, type Claim, type ClaimCategory } from './claims.js';
export { envClaimProbability, shippedClaimModel } from './claims-model.js';
export { scoreMission, type MissionContext } from './mission.js';
export { scoreDisclosure, type DisclosureContext } from './disclosure.js';
export { scoreMention, cleanText, FAKE_SUSPECT_THRESHOLD, type ScoreContext, type ScoredParts } from './score.js';
