/**
 * Single-table key scheme. Every item has `pk`, `sk` and `type`; items that must be listed also carry
 * `gsi1pk`/`gsi1sk` (sparse GSI `gsi1`). `expiresAt` (epoch seconds) is the TTL attribute.
 *
 * | item            | pk                      | sk               | gsi1pk                   | gsi1sk                  |
 * |-----------------|-------------------------|------------------|--------------------------|-------------------------|
 * | person          | PERSON#<open_id>        | PROFILE          | ROSTER (active only)     | <department>#<name>#<open_id> |
 * | case            | CASE#<case_id>          | META             |                          |                         |
 * | case officer    | CASE#<case_id>          | MEMBER#<open_id> | USER#<open_id>#OPEN      | <filed_at>#<case_id>    |
 * | record entry    | CASE#<case_id>          | LOG#<seq:6>      |                          |                         |
 * | number counter  | COUNTER#CASE_NUMBER     | <year>           |                          |                         |
 * | filing form     | FORM#<form_id>          | FORM             |                          |                         |
 * | event marker    | EVENT#<event_id>        | EVENT            |                          |                         |
 *
 * Later items extend it under the case partition (EVIDENCE#, REVIEW#, DEADLINE#) and with new GSI1
 * partitions (e.g. DUE#<date> for open deadlines), so "what is due" is a Query, never a Scan.
 */
export const GSI1 = 'gsi1';

export const keys = {
  person: (openId: string) => ({ pk: `PERSON#${openId}`, sk: 'PROFILE' }),
  rosterIndex: 'ROSTER',
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'META' }),
  member: (caseId: string, openId: string) => ({ pk: `CASE#${caseId}`, sk: `MEMBER#${openId}` }),
  openCasesOf: (openId: string) => `USER#${openId}#OPEN`,
  record: (caseId: string, seq: number) => ({ pk: `CASE#${caseId}`, sk: `LOG#${String(seq).padStart(6, '0')}` }),
  counter: (year: number) => ({ pk: 'COUNTER#CASE_NUMBER', sk: String(year) }),
  form: (formId: string) => ({ pk: `FORM#${formId}`, sk: 'FORM' }),
  event: (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' }),
};
