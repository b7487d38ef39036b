/** Business time: Asia/Shanghai. Instants are stored in UTC; dates are Shanghai calendar dates. */
import { shanghaiDate } from '../deadlines/local-date.ts';

export { shanghaiDate };

export function shanghaiYear(instant: Date | string): number {
  return Number(shanghaiDate(instant).slice(0, 4));
}
