/**
 * 设为当前案件 (a button on the case card): files and notes the person sends in this chat, with no
 * case card replied to, go to this case. One current case per person and chat; only the case's
 * officers set it (they are the ones who may attach), never on an archived case.
 */
import * as z from 'zod/mini';
import { attachPermission } from '../../domain/dossier/evidence.ts';
import { CASE_ID, cardAction } from '../intents.ts';
import { errorToast, MESSAGES } from '../services.ts';

export const setCurrentCaseAction = cardAction({
  value: z.object({ case_id: CASE_ID }),
  async handle({ case_id }, { operator, tap, s }) {
    const c = await s.cases.get(case_id);
    const may = c ? attachPermission(operator, { officers: c.officers, archived: c.status === 'archived' }) : null;
    if (!c || !may || (!may.ok && may.reason === 'not_found')) return errorToast(MESSAGES.caseNotFound(case_id));
    if (!may.ok) return errorToast(may.reason === 'archived' ? MESSAGES.archived(c.caseNumber) : '只有本案的承办人员可以把它设为当前案件。');
    if (!tap.chatId) return errorToast(MESSAGES.staleAction);
    await s.chat.setCurrentCase(operator.openId, tap.chatId, c.caseId, s.now().toISOString());
    if (tap.messageId) await s.chat.rememberCard(tap.messageId, c.caseId);
    return {
      toast: {
        type: 'success',
        content: `当前案件：${c.caseNumber}。在本会话中发送的照片、视频、录音、文件和「记录 …」将保存到该案件。`,
      },
    };
  },
});
