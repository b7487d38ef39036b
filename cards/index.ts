/** Card builders: pure functions from view models (./types.ts) to Feishu card JSON 2.0. */
export * from './types.ts';
export {
  type Card,
  type CardElement,
  CARD_MAX_BYTES,
  cardByteSize,
  cardContentByteSize,
  escapeMd,
  escapeMdMultiline,
  truncate,
} from './common.ts';
export { helpCard } from './help.ts';
export { FILING_FORM_MAX_BYTES, FILING_FORM_NAME, FILING_RESET_BUTTON_NAME, FILING_SUBMIT_BUTTON_NAME, filingFormCard } from './filing-form.ts';
export { CASE_CARD_BUTTONS, CASE_CARD_LIMITS, CASE_STATUS_TEMPLATES, PROVISIONAL_NOTE, caseCard } from './case.ts';
export { EVIDENCE_BUTTONS, EVIDENCE_CARD_LIMITS, caseChooserCard, caseChosenCard, evidenceListCard, receiptCard, viewLinkCard } from './evidence.ts';
export { DOSSIER_CARD_LIMITS, dossierCard } from './dossier.ts';
export { NOTICE_CARD_MAX_CHARS, noticeCard } from './notice.ts';
export { CASE_LIST_LIMITS, EMPTY_FIRST_PAGE_TEXT, EMPTY_LATER_PAGE_TEXT, caseListCard } from './case-list.ts';
export { type TextMessage, textMessage } from './text.ts';
export { CORRECTION_FORM, DOCUMENT_BUTTONS, DOCUMENT_CARD_LIMITS, correctionFormCard, correctionTakenCard, documentLinkCard, documentListCard, type DocumentVersionView } from './documents.ts';
export { listCard, listNoticeCard, listRowFormCard, listsOverviewCard } from './lists.ts';
export { drawCard, drawFormCard, drawListCard, exceptionDecisionCard, exceptionFormCard, taskCard } from './draw.ts';
export { DEADLINE_LIST_MAX_ROWS, deadlineListCard, reminderCard, type DeadlineListCardView, type DeadlineRowView, type ReminderCardView } from './deadlines.ts';
export { SERVICE_PROOF_MAX_OPTIONS, serviceFormCard, serviceRecordedCard, type ServiceFormCardView, type ServiceRecordedCardView } from './service.ts';
export { paymentFormCard, type PaymentFormCardView } from './payment.ts';
export { disclosureDigestCard, withdrawalFormCard, type DisclosureDigestView, type WithdrawalFormCardView } from './disclosure.ts';
