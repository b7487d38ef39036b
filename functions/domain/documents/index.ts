/**
 * Enforcement documents (执法文书): pure templates from the case's facts to a neutral
 * document model, numbering, versions, the record entry and the dossier facts. See README.md.
 */
export * from './model.ts';
export * from './config.ts';
export * from './numbering.ts';
export * from './text.ts';
export * from './hearing.ts';
export * from './versions.ts';
export * from './record.ts';
export { Blanks, type CaseFacts, type DraftCommon, officersText } from './common.ts';
export { draftFilingApproval } from './kinds/filing-approval.ts';
export { type PriorNoticeInput, draftPriorNotice } from './kinds/prior-notice.ts';
export { type ReviewOpinionInput, draftReviewOpinion } from './kinds/review-opinion.ts';
export { type DiscussionRecordInput, draftDiscussionRecord } from './kinds/discussion-record.ts';
export { type PenaltyDecisionInput, draftPenaltyDecision } from './kinds/penalty-decision.ts';
export { type ServiceProofInput, draftServiceProof } from './kinds/service-proof.ts';
