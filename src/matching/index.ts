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
  industryCriterion,
  industryLabel,
  industryRelation,
  KNOWN_INDUSTRIES,
  MAX_KEY_LENGTH,
  normalizeIndustry,
  RELATED_INDUSTRY_VALUE,
} from "./industry.js";
export type { IndustryRelation } from "./industry.js";
export { analyzeTopic, KNOWN_TOPICS, normalizeTopic, parseTopicList, topicKey, uniqueTopics } from "./topics.js";
export type { NormalizedTopic } from "./topics.js";
export { CRITERIA, DEFAULT_WEIGHTS, resolveWeights } from "./score.js";
export { ACCEPTS_CODES, ADVISES_CODES, describeFilter, filterReason } from "./filters.js";
export { buildIndex, MatchingIndex } from "./index-search.js";
export type { BuildIndexOptions } from "./index-search.js";
export { DEFAULT_CANDIDATES_PER_MENTEE, runRound } from "./round.js";
export type { RoundOptions } from "./round.js";
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
