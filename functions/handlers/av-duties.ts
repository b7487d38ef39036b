/**
 * Audio/video duties per activity (bundled data/av-duties.json), validated once per cold start: the
 * case card shows them, so every function that builds services has them (6 KB).
 */
import avData from '../../data/av-duties.json' with { type: 'json' };
import { buildAvDuties } from '../domain/dossier/av-duties.ts';

export const avDuties = buildAvDuties(avData);
