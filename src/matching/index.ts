// Public API of the matching engine (pure: no Discord, no database, no I/O).
export type {
  AcceptsFrom,
  Advises,
  CriterionName,
  CriterionResult,
  FilterCode,
  FilterReason,
  IsBlocked,
  MenteeInput,
  MentorInput,
  PairEvidence,
  PairScore,
  QueryOptions,
  RoundAssignment,
  RoundResult,
  Stage,
  Weights,
} from "./types.js";
export { isStage, STAGES, stageCriterion, stageIndex, stageLabel } from "./stage.js";
export {
  effectiveMenteeIndustry,
  industryCode,
  industryCriterion,
  industryGroup,
  industryLabel,
  industryPath,
  industryRelation,
  industryRelationValue,
  industrySlug,
  isKnownIndustry,
  KNOWN_INDUSTRIES,
  MAX_KEY_LENGTH,
  migrateIndustryKey,
  normalizeIndustry,
  RELATED_INDUSTRY_VALUE,
  relatedIndustries,
  searchIndustries,
  SECTOR_INDUSTRY_VALUE,
} from "./industry.js";
export type { IndustryRelation, IndustrySuggestion } from "./industry.js";
export {
  analyzeTopic,
  describeTopic,
  KEEP_AS_WRITTEN_PREFIX,
  keepAsWritten,
  KNOWN_TOPICS,
  normalizeTopic,
  parseTopicList,
  topicCredit,
  topicKey,
  uniqueTopics,
} from "./topics.js";
export type { NormalizedTopic, TopicKind } from "./topics.js";
export { isInformativeTerm, LOAD_PENALTY, loadFactor } from "./features.js";
export { TEXT_EVIDENCE_MIN_TERMS, TOPIC_EVIDENCE_CREDIT } from "./score.js";
export { CRITERIA, DEFAULT_WEIGHTS, resolveWeights } from "./score.js";
export { ACCEPTS_CODES, ADVISES_CODES, describeFilter, filterReason } from "./filters.js";
export { buildIndex, MatchingIndex } from "./index-search.js";
export type { BuildIndexOptions } from "./index-search.js";
export { LiveIndex } from "./live-index.js";
export type { LiveIndexOptions } from "./live-index.js";
export { DEFAULT_CANDIDATES_PER_MENTEE, freePlacesOf, liveRoundSteps, roundSteps, runRound } from "./round.js";
export type { LiveRoundOptions, RoundOptions, RoundProgress } from "./round.js";
export { scorePair } from "./pair.js";
export {
  communityFileSchema,
  formatIssues,
  formatPath,
  menteeSchema,
  mentorSchema,
  parseCommunity,
  parseCommunityFile,
} from "./community-file.js";
export type { CommunityFile, ParseResult } from "./community-file.js";
