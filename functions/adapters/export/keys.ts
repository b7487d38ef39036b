/** Where exports live in the reports bucket; shared by the store and the stack's grant (no SDK import). */
export const EXPORTS_PREFIX = 'exports/';
const PERIOD_ID = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The exporter's ASCII file names (`figures.csv`): never a path. */
export const EXPORT_NAME = /^[a-z0-9][a-z0-9._-]{0,79}$/;

/** `exports/<periodId>/<runId>/<name>`; each part validated, so nothing a person typed reaches a key. */
export function exportKey(periodId: string, runId: string, name: string): string {
  if (!PERIOD_ID.test(periodId)) throw new RangeError(`not a period id: ${periodId}`);
  if (!RUN_ID.test(runId)) throw new RangeError(`not a run id: ${runId}`);
  if (!EXPORT_NAME.test(name)) throw new RangeError(`not an export name: ${name}`);
  return `${EXPORTS_PREFIX}${periodId}/${runId}/${name}`;
}
