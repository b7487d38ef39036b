/** Chat messages, processed off the acknowledgement path (worker). Replies go through the Messenger. */
import { createHash } from 'node:crypto';
import { caseCard, caseListCard, filingFormCard, helpCard, textMessage } from '../../cards/index.ts';
import { textContent } from '../adapters/feishu/schemas.ts';
import { canViewCase } from '../domain/case/access.ts';
import { caseIdFor, caseNumberExamples, readCaseNumber } from '../domain/case/filing.ts';
import { shanghaiYear } from '../domain/shared/time.ts';
import type { Card, EventMarkers, Job, Messenger } from '../ports/index.ts';
import { cleanText, HELP_COMMANDS, parseCommand } from './commands.ts';
import { encodePageCursor, MESSAGES, officerOptions, PAGE_SIZE, type Services } from './services.ts';
import { caseCardView, caseListView } from './views.ts';

export interface WorkerServices extends Services {
  messenger: Messenger;
  /** The webhook's claims on events: a message job completes its claim before it runs. */
  markers: EventMarkers;
  /** `算期限` answers (the deadline engine); returns the reply text. */
  answerDeadline: (argsText: string) => string;
}

type MessageJob = Extract<Job, { kind: 'message' }>;

/** Feishu's `uuid` makes a retried send idempotent for an hour; derive it from what triggered it. */
export function sendUuid(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}

export async function handleMessage(job: MessageJob, s: WorkerServices): Promise<void> {
  const uuid = sendUuid('reply', job.eventId);
  const reply = {
    // Replies may quote what the person typed; textMessage keeps it from acting as Feishu markup.
    text: (text: string) => s.messenger.replyText(job.messageId, textMessage(text), uuid),
    card: (card: Card) => s.messenger.replyCard(job.messageId, card, uuid),
  };
  const person = await s.roster.get(job.senderOpenId);
  if (!person) return reply.text(MESSAGES.notOnRoster);

  if (job.messageType !== 'text') return reply.text(MESSAGES.unsupportedMessage);
  let text: string;
  try {
    text = textContent.parse(JSON.parse(job.content)).text;
  } catch {
    return reply.text(MESSAGES.unsupportedMessage);
  }
  const command = parseCommand(cleanText(text, job.mentionKeys));

  // Case data is for the person asking: in a group chat it goes to them privately.
  const isGroup = job.chatType !== 'p2p';
  const privateCard = async (card: Card) => {
    if (!isGroup) return reply.card(card);
    await s.messenger.sendCard(person.openId, card, sendUuid('dm', job.eventId));
    await reply.text(MESSAGES.sentPrivately);
  };

  switch (command.name) {
    case 'help':
      return reply.card(helpCard({ userName: person.name, commands: HELP_COMMANDS }));
    case 'file': {
      if (!person.roles.includes('officer')) return reply.text(MESSAGES.officerOnly);
      const card = filingFormCard({
        formId: `F${sendUuid('form', job.eventId).slice(0, 32)}`,
        filerOpenId: person.openId,
        officerOptions: await officerOptions(s.roster, person),
      });
      return privateCard(card);
    }
    case 'mine': {
      const page = await s.cases.listOpenForUser(person.openId, { limit: PAGE_SIZE });
      const next = page.nextCursor ? encodePageCursor(2, page.nextCursor) : undefined;
      return privateCard(caseListCard(caseListView(page.items, 1, next)));
    }
    case 'show': {
      const year = shanghaiYear(s.now());
      const parsed = readCaseNumber(s.caseNumberFormat, command.arg, year);
      if (!parsed) return reply.text(MESSAGES.caseNumberFormat(caseNumberExamples(s.caseNumberFormat, year)));
      const c = await s.cases.get(caseIdFor(parsed.year, parsed.seq));
      if (!c || !canViewCase(person, c)) return reply.text(MESSAGES.caseNotFound(command.arg));
      return privateCard(caseCard(caseCardView(c, { deadlines: s.deadlinesFor(c) })));
    }
    case 'deadline':
      return reply.text(s.answerDeadline(command.arg));
    case 'unknown':
      return reply.text(MESSAGES.unknownCommand);
  }
}
