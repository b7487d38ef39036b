/** Fixtures for the list tests: people of the sample bureau, rows, the shipped configuration. */
import listsData from '../../../data/lists.json' with { type: 'json' };
import { buildListsConfig, type InspectionItemRow, type MatterRow } from '../../../functions/domain/lists/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';

export const config = buildListsConfig(listsData);

const person = (openId: string, name: string, department: string, roles: Person['roles']): Person => ({
  openId,
  name,
  department,
  roles,
  certificate: roles.includes('officer') ? { number: `甘执-${name}`, validUntil: '2029-12-31' } : null,
});

export const zhang = person('ou_zhang', '张三', '运行监测科', ['officer']);
export const li = person('ou_li', '李四', '运行监测科', ['officer']);
export const wu = person('ou_wu', '吴七', '节能科', ['officer']);
export const zhao = person('ou_zhao', '赵六', '行政审批科', ['reviewer', 'admin']);
export const qian = person('ou_qian', '钱局长', '局领导', ['head']);
export const sun = person('ou_sun', '孙八', '办公室', ['office']);

export const T1 = '2026-07-01T01:00:00.000Z';
export const T2 = '2026-07-02T01:00:00.000Z';
export const T3 = '2026-07-03T01:00:00.000Z';
export const T4 = '2026-07-04T01:00:00.000Z';

export function matter(name: string, section = '运行监测科', over: Partial<MatterRow> = {}): MatterRow {
  return {
    matter: name,
    category: '行政检查',
    legalBasis: '《中华人民共和国节约能源法》第十二条',
    section,
    procedure: '制定计划→实施检查→制作笔录→处理',
    timeLimit: '检查结束后20个工作日内公示结果',
    remedy: '行政复议或行政诉讼',
    ...over,
  };
}

export function item(name: string, section = '运行监测科', over: Partial<InspectionItemRow> = {}): InspectionItemRow {
  return {
    item: name,
    legalBasis: '《中华人民共和国安全生产法》第六十二条',
    section,
    content: '安全生产责任制落实情况',
    method: '现场检查',
    kind: '重点',
    ...over,
  };
}
