/**
 * No quiet re-draws: 重新抽取, 检查人员回避 and 检查对象注销或吊销 are requested on a card with a reason
 * (draw.exception_form → draw.exception_request, recorded with its record entry) and decided by the
 * head (draw.exception_decide). The decision is applied by the draw's job with the whole draw file:
 * the domain recomputes the current result from the committed seed, and the public page shows it
 * beside the original.
 */
import * as z from 'zod/mini';
import { exceptionFormCard } from '../../../cards/draw.ts';
import { EXCEPTION_KIND_LABELS, EXCEPTION_KINDS, requestException } from '../../domain/draw/index.ts';
import type { CardActionResult } from '../../ports/index.ts';
import { cardAction } from '../intents.ts';
import { errorToast, sendUuid } from '../services.ts';
import { creditCodeSchema, drawIdSchema } from './views.ts';

const kindSchema = z.enum(EXCEPTION_KINDS);
const KINDS = EXCEPTION_KINDS.map((k) => ({ value: k, label: EXCEPTION_KIND_LABELS[k] }));

export const exceptionFormAction = cardAction({
  value: z.object({ draw_id: drawIdSchema, kind: z.optional(kindSchema), credit_code: z.optional(creditCodeSchema) }),
  async handle({ draw_id, kind, credit_code }, { s }): Promise<CardActionResult> {
    const light = await s.draws.file(draw_id, { targets: false });
    if (!light) return errorToast('该抽取尚未公布结果，或不存在');
    const current = light.file.effective.targets;
    if (kind && credit_code) {
      const t = current.find((x) => x.creditCode === credit_code);
      if (!t) return errorToast('该检查对象已不在本次抽取的当前结果中');
      return { card: exceptionFormCard({ drawId: draw_id, fixed: { kind, kindLabel: EXCEPTION_KIND_LABELS[kind], creditCode: t.creditCode, name: t.name }, kinds: KINDS, targets: [] }) };
    }
    // A select takes a bounded number of options; a larger result is reported from its task cards.
    return { card: exceptionFormCard({ drawId: draw_id, kinds: KINDS, targets: current.slice(0, 100).map((t) => ({ creditCode: t.creditCode, name: t.name })) }) };
  },
});

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export const requestExceptionAction = cardAction({
  value: z.object({ draw_id: drawIdSchema, kind: z.optional(kindSchema), credit_code: z.optional(creditCodeSchema) }),
  async handle({ draw_id, kind, credit_code }, { operator, tap, s }): Promise<CardActionResult> {
    const meta = await s.draws.get(draw_id);
    const light = meta?.status === 'revealed' ? await s.draws.file(draw_id, { targets: false }) : null;
    if (!meta || !light) return errorToast('该抽取尚未公布结果，或不存在');
    if (meta.supersededBy) return errorToast(`该抽取已被 ${meta.supersededBy} 取代，请对新的抽取提出申请`);
    const fv = tap.formValue ?? {};
    const chosenKind = kind ?? str(fv.kind);
    const code = credit_code ?? str(fv.credit_code);
    // An inspector's own recusal from the task card names them by their certificate.
    const cert = str(fv.certificate_number) ?? (chosenKind === 'recusal' && kind ? operator.certificate?.number : undefined);
    const input = { kind: chosenKind, reason: fv.reason, ...(code ? { creditCode: code } : {}), ...(cert ? { certificateNumber: cert } : {}) };
    const id = `E${sendUuid('exception', draw_id, operator.openId, tap.messageId ?? tap.eventId ?? '', chosenKind ?? '', code ?? '', cert ?? '').slice(0, 24)}`;
    const existing = await s.draws.exceptions(draw_id);
    if (existing.some((e) => e.id === id)) return { toast: { type: 'info', content: '该申请已提交，待负责人批准' } };
    const at = s.now().toISOString();
    const out = requestException({ draw: light.file, existing, input, requester: operator, id, at });
    if (!out.ok) return errorToast(out.errors[0] ?? '申请未能提交');
    if (!(await s.draws.requestException(draw_id, meta.rev, out.exception, out.entries))) {
      return errorToast('抽取刚有变化，请重新提交');
    }
    await s.jobs.submit({ kind: 'draw.run', drawId: draw_id }).catch((err) => s.log.error('draw.run not submitted; the scheduled run hands it on', { drawId: draw_id, err }));
    const warning = out.warnings.length > 0 ? `（${out.warnings.join('；')}）` : '';
    return { toast: { type: 'success', content: `已提交负责人批准${warning}` } };
  },
});

export const decideExceptionAction = cardAction({
  value: z.object({ draw_id: drawIdSchema, exception_id: z.string().check(z.regex(/^[\w-]{1,100}$/)), decision: z.enum(['approve', 'reject']) }),
  requires: { role: 'head', refusal: '只有负责人可以批准或驳回抽取例外' },
  async handle({ draw_id, exception_id, decision }, { operator, tap, s }): Promise<CardActionResult> {
    const e = (await s.draws.exceptions(draw_id)).find((x) => x.id === exception_id);
    if (!e) return errorToast('未找到该申请');
    if (e.status !== 'requested' || e.pendingDecision) return { toast: { type: 'info', content: `该申请已${e.status === 'approved' ? '批准' : e.status === 'rejected' ? '驳回' : '在处理中'}` } };
    if (e.requestedBy.openId === operator.openId) return errorToast('不能批准或驳回本人提出的申请');
    const note = typeof tap.formValue?.note === 'string' ? tap.formValue.note.normalize('NFC').trim().slice(0, 500) : '';
    if (decision === 'reject' && note === '') return errorToast('驳回时请写明理由');
    const ok = await s.draws.markDecision(draw_id, exception_id, {
      decision,
      approver: { openId: operator.openId, name: operator.name },
      at: s.now().toISOString(),
      ...(note ? { note } : {}),
    });
    if (!ok) return { toast: { type: 'info', content: '该申请已在处理中' } };
    await s.jobs.submit({ kind: 'draw.run', drawId: draw_id }).catch((err) => s.log.error('draw.run not submitted; the scheduled run hands it on', { drawId: draw_id, err }));
    return { toast: { type: 'success', content: decision === 'approve' ? '已批准，抽取结果和检查任务随即更新并公示' : '已驳回' } };
  },
});
