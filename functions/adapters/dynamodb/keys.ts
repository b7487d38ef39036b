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
 * | append once     | CASE#<case_id>          | ONCE#<key>       |                          |                         |
 * | evidence item   | CASE#<case_id>          | EVIDENCE#<evidence_id> | CASEEVIDENCE#<case_id> | <received_at>#<evidence_id> |
 * | evidence bytes  | CASE#<case_id>          | EVHASH#<sha256>  |                          |                         |
 * | card message    | CARDMSG#<message_id>    | CARD             |                          |                         |
 * | current case    | CURRENT#<open_id>       | <chat_id>        |                          |                         |
 * | pending file    | PENDING#<message_id>    | PENDING          |                          |                         |
 * | review state    | CASE#<case_id>          | REVIEW           |                          |                         |
 * | review card     | CASE#<case_id>          | REVIEWCARD#<round:3>#<kind>#<open_id> |             |                         |
 * | follow-up       | CASE#<case_id>          | FOLLOWUP#<seq:6> | FOLLOWUP#PENDING (pending only) | <created_at>#<case_id>#<seq:6> |
 * | number counter  | COUNTER#CASE_NUMBER     | <year>           |                          |                         |
 * | document version| CASE#<case_id>          | DOC#<document_id>#v<version:3> |            |                         |
 * | document number | CASE#<case_id>          | DOCNUM#<document_id> |                      |                         |
 * | correction asked| CASE#<case_id>          | DOCFIX#<document_id>#v<version:3> |         |                         |
 * | document counter| COUNTER#DOC#<kind>      | <year>           |                          |                         |
 * | filing form     | FORM#<form_id>          | FORM             |                          |                         |
 * | event marker    | EVENT#<event_id>        | EVENT            |                          |                         |
 * | local schedule  | LOCALSCHEDULE#<group>#<name> | SCHEDULE    | LOCALSCHEDULE#<group>    | <fire at, ISO UTC>#<name> |
 * | owed work       | OWED#<subject>          | OWED             | OWED#PENDING (pending only) | <since>#<subject>    |
 * | list head       | LIST#<kind>             | HEAD             |                          |                         |
 * | list version    | LIST#<kind>             | VERSION#<id>     |                          |                         |
 * | list record     | LIST#<kind>             | LOG#<seq:6>      |                          |                         |
 * | target          | TARGETS                 | <credit code>    |                          |                         |
 * | conflict        | CONFLICTS               | <open_id>#<credit code> |                   |                         |
 * | draw plan       | DRAWPLAN#<plan id>      | HEAD             |                          |                         |
 * | draw            | DRAW#<draw id>          | META             | DRAWS                    | <requested at>#<draw id> |
 * | draw blob chunk | DRAW#<draw id>          | LIB#<hash>#<i:4> / CORE#<rev:6>#<i:4> |     |                         |
 * | draw record     | DRAW#<draw id>          | LOG#<seq:6>      |                          |                         |
 * | draw exception  | DRAW#<draw id>          | EXC#<id>         |                          |                         |
 * | inspection task | DRAW#<draw id>          | TASK#<credit code> | INSPECTION#OPEN (open only) | <deadline>#<draw id>#<credit code> |
 * | local dead letter | LOCALDLQ#<group>      | <at>#<name>#<version> |                     |                         |
 * | case deadline   | CASE#<case_id>          | DEADLINE#<deadline_id> | DEADLINE#OPEN (open only) | <due date>#<deadline_id> |
 * | other deadline  | DEADLINES#<scope>       | DEADLINE#<deadline_id> | DEADLINE#OPEN (open only) | <due date>#<deadline_id> |
 * | reminder sent   | REMINDER#<send key>     | SENT             |                          |                         |
 * | case (disclosure active) | CASE#<case_id> | META             | DISCLOSURE#ACTIVE        | <case_id>               |
 * | stats month bucket | STATS#<yyyy>         | M#<mm>           |                          |                         |
 * | stats snapshot  | CASE#<case_id> / DRAW#<draw id> | STATS    |                          |                         |
 * | figure listing  | STATSLIST#<yyyy-mm>#<figure> | <date>#<case_id> |                   |                         |
 * | annual report   | ANNUAL#<data year>      | REPORT / REMIND#<point> |                   |                         |
 *
 * Local schedules and dead letters exist only offline: the stand-in for EventBridge Scheduler
 * (functions/adapters/scheduler/local.ts), so "what fires at `now`" is a Query of one partition.
 *
 * A follow-up is the work a record entry's change still owes (notices, card updates), written in the
 * same transaction as the change and keyed by that entry's seq; while pending it sits in the sparse
 * FOLLOWUP#PENDING partition, which the scheduled run queries for work to hand on again.
 *
 * The case META item keeps the record log's head (`logHead`: seq and hash of the last entry); every
 * append writes its LOG# entry and moves the head in one transaction conditioned on the head it read.
 * ONCE# items make an append idempotent (they hold the seq it wrote). EVHASH# items make "the same
 * bytes once per case" a condition of the attach transaction. The current case is kept under
 * CURRENT#, not PERSON#: the roster partition is the operator's alone.
 *
 * Open deadlines sit in the GSI1 partition DEADLINE#OPEN sorted by due date, so "what is due" is one
 * Query over a date range, never a Scan; met and ended ones leave it.
 */
export const GSI1 = 'gsi1';

const pad6 = (n: number) => String(n).padStart(6, '0');

export const keys = {
  person: (openId: string) => ({ pk: `PERSON#${openId}`, sk: 'PROFILE' }),
  rosterIndex: 'ROSTER',
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'META' }),
  member: (caseId: string, openId: string) => ({ pk: `CASE#${caseId}`, sk: `MEMBER#${openId}` }),
  openCasesOf: (openId: string) => `USER#${openId}#OPEN`,
  record: (caseId: string, seq: number) => ({ pk: `CASE#${caseId}`, sk: `LOG#${pad6(seq)}` }),
  recordOnce: (caseId: string, key: string) => ({ pk: `CASE#${caseId}`, sk: `ONCE#${key}` }),
  evidence: (caseId: string, evidenceId: string) => ({ pk: `CASE#${caseId}`, sk: `EVIDENCE#${evidenceId}` }),
  caseEvidence: (caseId: string) => `CASEEVIDENCE#${caseId}`,
  caseEvidenceOrder: (receivedAt: string, evidenceId: string) => `${receivedAt}#${evidenceId}`,
  evidenceHash: (caseId: string, sha256: string) => ({ pk: `CASE#${caseId}`, sk: `EVHASH#${sha256}` }),
  cardMessage: (messageId: string) => ({ pk: `CARDMSG#${messageId}`, sk: 'CARD' }),
  currentCase: (openId: string, chatId: string) => ({ pk: `CURRENT#${openId}`, sk: chatId }),
  pending: (messageId: string) => ({ pk: `PENDING#${messageId}`, sk: 'PENDING' }),
  review: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'REVIEW' }),
  reviewCard: (caseId: string, round: number, kind: string, openId: string) => ({
    pk: `CASE#${caseId}`,
    sk: `REVIEWCARD#${String(round).padStart(3, '0')}#${kind}#${openId}`,
  }),
  reviewCardsOf: (round: number) => `REVIEWCARD#${String(round).padStart(3, '0')}#`,
  followUp: (caseId: string, recordSeq: number) => ({ pk: `CASE#${caseId}`, sk: `FOLLOWUP#${pad6(recordSeq)}` }),
  pendingFollowUps: 'FOLLOWUP#PENDING',
  pendingFollowUpOrder: (createdAt: string, caseId: string, recordSeq: number) => `${createdAt}#${caseId}#${pad6(recordSeq)}`,
  counter: (year: number) => ({ pk: 'COUNTER#CASE_NUMBER', sk: String(year) }),
  form: (formId: string) => ({ pk: `FORM#${formId}`, sk: 'FORM' }),
  document: (caseId: string, documentId: string, version: number) => ({ pk: `CASE#${caseId}`, sk: `DOC#${documentId}#v${String(version).padStart(3, '0')}` }),
  documentNumber: (caseId: string, documentId: string) => ({ pk: `CASE#${caseId}`, sk: `DOCNUM#${documentId}` }),
  correction: (caseId: string, documentId: string, version: number) => ({ pk: `CASE#${caseId}`, sk: `DOCFIX#${documentId}#v${String(version).padStart(3, '0')}` }),
  documentCounter: (kind: string, year: number) => ({ pk: `COUNTER#DOC#${kind}`, sk: String(year) }),
  event: (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' }),
  localSchedule: (group: string, name: string) => ({ pk: `LOCALSCHEDULE#${group}#${name}`, sk: 'SCHEDULE' }),
  localSchedules: (group: string) => `LOCALSCHEDULE#${group}`,
  localScheduleOrder: (fireAtIso: string, name: string) => `${fireAtIso}#${name}`,
  owed: (subject: string) => ({ pk: `OWED#${subject}`, sk: 'OWED' }),
  owedPending: 'OWED#PENDING',
  owedOrder: (since: string, subject: string) => `${since}#${subject}`,
  listHead: (kind: string) => ({ pk: `LIST#${kind}`, sk: 'HEAD' }),
  listVersion: (kind: string, versionId: string) => ({ pk: `LIST#${kind}`, sk: `VERSION#${versionId}` }),
  listRecord: (kind: string, seq: number) => ({ pk: `LIST#${kind}`, sk: `LOG#${pad6(seq)}` }),
  targets: 'TARGETS',
  target: (creditCode: string) => ({ pk: 'TARGETS', sk: creditCode }),
  conflicts: 'CONFLICTS',
  conflict: (openId: string, creditCode: string) => ({ pk: 'CONFLICTS', sk: `${openId}#${creditCode}` }),
  drawPlan: (planId: string) => ({ pk: `DRAWPLAN#${planId}`, sk: 'HEAD' }),
  draw: (drawId: string) => ({ pk: `DRAW#${drawId}`, sk: 'META' }),
  drawsIndex: 'DRAWS',
  drawChunk: (drawId: string, blob: string, i: number) => ({ pk: `DRAW#${drawId}`, sk: `${blob}#${String(i).padStart(4, '0')}` }),
  drawLibraryBlob: (hash: string) => `LIB#${hash}`,
  drawCoreBlob: (rev: number) => `CORE#${pad6(rev)}`,
  drawRecord: (drawId: string, seq: number) => ({ pk: `DRAW#${drawId}`, sk: `LOG#${pad6(seq)}` }),
  drawException: (drawId: string, exceptionId: string) => ({ pk: `DRAW#${drawId}`, sk: `EXC#${exceptionId}` }),
  task: (drawId: string, creditCode: string) => ({ pk: `DRAW#${drawId}`, sk: `TASK#${creditCode}` }),
  openInspections: 'INSPECTION#OPEN',
  openInspectionOrder: (deadline: string, drawId: string, creditCode: string) => `${deadline}#${drawId}#${creditCode}`,
  statsBucket: (month: string) => ({ pk: `STATS#${month.slice(0, 4)}`, sk: `M#${month.slice(5, 7)}` }),
  statsSnapshot: (subject: { kind: 'case' | 'draw'; id: string }) => ({ pk: `${subject.kind === 'case' ? 'CASE' : 'DRAW'}#${subject.id}`, sk: 'STATS' }),
  annualReport: (dataYear: number) => ({ pk: `ANNUAL#${dataYear}`, sk: 'REPORT' }),
  annualReminder: (dataYear: number, point: string) => ({ pk: `ANNUAL#${dataYear}`, sk: `REMIND#${point}` }),
  statsList: (month: string, figure: string) => `STATSLIST#${month}#${figure}`,
  statsListing: (month: string, figure: string, date: string, caseId: string) => ({ pk: `STATSLIST#${month}#${figure}`, sk: `${date}#${caseId}` }),
  localDeadLetters: (group: string) => `LOCALDLQ#${group}`,
  /** A deadline of a case lives in the case's partition; certificates' and the plan's in their own. */
  deadline: (scope: string, deadlineId: string) => ({
    pk: scope.startsWith('case:') ? `CASE#${scope.slice('case:'.length)}` : `DEADLINES#${scope}`,
    sk: `DEADLINE#${deadlineId}`,
  }),
  deadlinePrefix: 'DEADLINE#',
  openDeadlines: 'DEADLINE#OPEN',
  openDeadlineOrder: (dueDate: string, deadlineId: string) => `${dueDate}#${deadlineId}`,
  reminderSent: (sendKey: string) => ({ pk: `REMINDER#${sendKey}`, sk: 'SENT' }),
  /** Decided cases whose public disclosure has work left or a live page (the case META item itself). */
  activeDisclosures: 'DISCLOSURE#ACTIVE',
  localDeadLetter: (group: string, at: string, name: string, version: number) => ({
    pk: `LOCALDLQ#${group}`,
    sk: `${at}#${name}#${version}`,
  }),
};
