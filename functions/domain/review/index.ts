/**
 * Legal review (法制审核) and the decision gate: pure domain rules. The catalogue data
 * (data/review-catalogue.json) is passed in; see README.md in this folder for the API.
 */
export type { Result } from './result.ts';
export * from './vocabulary.ts';
export * from './money.ts';
export * from './catalogue.ts';
export { diffProposals, formatProposalField, parseProposalForm, proposalFormSchema, proposalHash, proposalToFormValue } from './proposal.ts';
export type { Proposal, ProposalChange } from './proposal.ts';
export * from './checklist.ts';
export { discussionFormSchema, parseDiscussionForm, parseRefusalReason } from './discussion.ts';
export type { DiscussionInput, DiscussionLimits } from './discussion.ts';
export * from './workflow.ts';
export * from './trail.ts';
